package dev.saleday.model;

import java.util.SplittableRandom;

/**
 * A synthetic implicit-feedback log: which user interacted with which item. Items have Zipf popularity; users and
 * items belong to taste clusters, and most of a user's interactions fall in their own cluster, so there is structure
 * for the factorisation to learn. Same seed, same log.
 *
 * @param users        user indexes, one per interaction
 * @param items        item indexes, one per interaction
 * @param itemCount    number of items
 * @param userCount    number of users
 */
record InteractionLog(int[] users, int[] items, int userCount, int itemCount) {

    static final int CLUSTERS = 32;
    static final double ZIPF_EXPONENT = 1.1;
    static final double IN_CLUSTER_PROBABILITY = 0.7;

    int size() {
        return users.length;
    }

    static InteractionLog generate(long seed, int userCount, int itemCount, int interactionsPerUser) {
        return generate(seed, userCount, itemCount, interactionsPerUser, () -> { });
    }

    /** @param pace run every {@value Factorisation#PACE_EVERY} users (the training's CPU limit; see Factorisation) */
    static InteractionLog generate(long seed, int userCount, int itemCount, int interactionsPerUser, Runnable pace) {
        if (itemCount < CLUSTERS) {
            throw new IllegalArgumentException("itemCount must be >= " + CLUSTERS + ", got " + itemCount);
        }
        SplittableRandom random = new SplittableRandom(seed);
        // Popularity rank -> item index, shuffled so the most popular item is not always item 0.
        int[] itemByRank = new int[itemCount];
        for (int i = 0; i < itemCount; i++) {
            itemByRank[i] = i;
        }
        for (int i = itemCount - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = itemByRank[i];
            itemByRank[i] = itemByRank[j];
            itemByRank[j] = swap;
        }
        // Cluster c holds the items whose popularity rank is c mod CLUSTERS, in rank order.
        int[][] clusterItems = new int[CLUSTERS][];
        for (int c = 0; c < CLUSTERS; c++) {
            int count = (itemCount - c + CLUSTERS - 1) / CLUSTERS;
            clusterItems[c] = new int[count];
            for (int k = 0; k < count; k++) {
                clusterItems[c][k] = itemByRank[c + k * CLUSTERS];
            }
        }
        ZipfSampler global = new ZipfSampler(itemCount, ZIPF_EXPONENT);
        ZipfSampler inCluster = new ZipfSampler(itemCount / CLUSTERS, ZIPF_EXPONENT);

        int size = userCount * interactionsPerUser;
        int[] users = new int[size];
        int[] items = new int[size];
        int n = 0;
        for (int user = 0; user < userCount; user++) {
            if (user % Factorisation.PACE_EVERY == 0) {
                pace.run();
            }
            int cluster = random.nextInt(CLUSTERS);
            for (int k = 0; k < interactionsPerUser; k++) {
                users[n] = user;
                items[n] = random.nextDouble() < IN_CLUSTER_PROBABILITY
                        ? clusterItems[cluster][inCluster.sample(random)]
                        : itemByRank[global.sample(random)];
                n++;
            }
        }
        return new InteractionLog(users, items, userCount, itemCount);
    }
}
