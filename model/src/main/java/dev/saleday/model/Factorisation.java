package dev.saleday.model;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A matrix-factorisation recommender: a user vector and an item vector per id plus an item bias; the score of an item
 * for a user is {@code dot(user, item) + bias(item)}; a prediction is the top k items by score.
 *
 * <p>Trained at startup by one pass of BPR (Bayesian personalised ranking) SGD over a synthetic {@link InteractionLog},
 * single-threaded and with {@link StrictMath}, so the same version trains the same floats in every JVM, and the same
 * request gets the same answer in every process. The seed is derived from the model version, so v1.0 and v1.1
 * answer differently.
 *
 * <p>User ids 1..userCount are known users; any other id gets the cold-start answer (the item biases alone).
 */
public final class Factorisation {
    public static final int DIMENSIONS = 32;
    public static final int USERS = 100_000;
    public static final int ITEMS = 10_000;
    public static final int INTERACTIONS_PER_USER = 2;
    public static final int MAX_K = 100;
    /** The training calls its pace every this many users, rows or steps: about 1 ms of work at full speed. */
    static final int PACE_EVERY = 1024;

    private static final float LEARNING_RATE = 0.05f;
    private static final float REGULARISATION = 0.01f;
    private static final float INIT_SCALE = 0.1f;

    private final String version;
    private final int userCount;
    private final int itemCount;
    /** Row-major: user u's vector is userVectors[u * DIMENSIONS .. u * DIMENSIONS + DIMENSIONS). */
    private final float[] userVectors;
    private final float[] itemVectors;
    private final float[] itemBiases;

    private Factorisation(String version, int userCount, int itemCount, float[] userVectors, float[] itemVectors,
                          float[] itemBiases) {
        this.version = version;
        this.userCount = userCount;
        this.itemCount = itemCount;
        this.userVectors = userVectors;
        this.itemVectors = itemVectors;
        this.itemBiases = itemBiases;
    }

    /** The full-size model of {@code version}: {@value #USERS} users, {@value #ITEMS} items. */
    public static Factorisation train(String version) {
        return train(version, USERS, ITEMS);
    }

    public static Factorisation train(String version, int userCount, int itemCount) {
        return train(version, userCount, itemCount, () -> { });
    }

    /**
     * @param pace run every {@value #PACE_EVERY} users, rows or steps: the caller's CPU limit (a pod's training is
     *             CPU it uses within its limit, as the kernel's quota counts every thread of a container); it may
     *             block, never changes what is trained
     */
    public static Factorisation train(String version, int userCount, int itemCount, Runnable pace) {
        long seed = seedOf(version);
        InteractionLog log = InteractionLog.generate(seed, userCount, itemCount, INTERACTIONS_PER_USER, pace);
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        float[] users = randomMatrix(random, userCount, pace);
        float[] items = randomMatrix(random, itemCount, pace);
        float[] biases = new float[itemCount];
        for (int n = 0; n < log.size(); n++) {
            if (n % PACE_EVERY == 0) {
                pace.run();
            }
            int negative = random.nextInt(itemCount);
            if (negative != log.items()[n]) {
                bprStep(users, items, biases, log.users()[n], log.items()[n], negative);
            }
        }
        return new Factorisation(version, userCount, itemCount, users, items, biases);
    }

    /** Stable across JVMs: String.hashCode is specified. */
    static long seedOf(String version) {
        return 0x5A1EDA7L * 31 + version.hashCode();
    }

    private static float[] randomMatrix(SplittableRandom random, int rows, Runnable pace) {
        float[] matrix = new float[rows * DIMENSIONS];
        for (int i = 0; i < matrix.length; i++) {
            if (i % (PACE_EVERY * DIMENSIONS) == 0) {
                pace.run();
            }
            matrix[i] = (float) ((random.nextDouble() * 2 - 1) * INIT_SCALE);
        }
        return matrix;
    }

    /** One BPR step: push the observed item above the sampled negative for this user. */
    private static void bprStep(float[] users, float[] items, float[] biases, int user, int positive, int negative) {
        int u = user * DIMENSIONS;
        int i = positive * DIMENSIONS;
        int j = negative * DIMENSIONS;
        float x = biases[positive] - biases[negative];
        for (int d = 0; d < DIMENSIONS; d++) {
            x += users[u + d] * (items[i + d] - items[j + d]);
        }
        float gradient = (float) (1.0 / (1.0 + StrictMath.exp(x)));
        for (int d = 0; d < DIMENSIONS; d++) {
            float userValue = users[u + d];
            float positiveValue = items[i + d];
            float negativeValue = items[j + d];
            users[u + d] += LEARNING_RATE * (gradient * (positiveValue - negativeValue) - REGULARISATION * userValue);
            items[i + d] += LEARNING_RATE * (gradient * userValue - REGULARISATION * positiveValue);
            items[j + d] += LEARNING_RATE * (-gradient * userValue - REGULARISATION * negativeValue);
        }
        biases[positive] += LEARNING_RATE * (gradient - REGULARISATION * biases[positive]);
        biases[negative] += LEARNING_RATE * (-gradient - REGULARISATION * biases[negative]);
    }

    public String version() {
        return version;
    }

    public int userCount() {
        return userCount;
    }

    public int itemCount() {
        return itemCount;
    }

    /**
     * The top {@code k} items for {@code userId}, best first; ties go to the lower item id. Item ids are 1..itemCount.
     */
    public List<ScoredItem> recommend(long userId, int k) {
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must be in 1.." + MAX_K + ", got " + k);
        }
        int count = Math.min(k, itemCount);
        boolean known = userId >= 1 && userId <= userCount;
        int u = known ? (int) (userId - 1) * DIMENSIONS : -1;
        // A min-heap of the best `count` so far, as parallel arrays: worst of the best at the root.
        int[] heapItems = new int[count];
        float[] heapScores = new float[count];
        int size = 0;
        for (int item = 0; item < itemCount; item++) {
            float score = itemBiases[item];
            if (known) {
                score += dot(userVectors, u, itemVectors, item * DIMENSIONS);
            }
            if (size < count) {
                heapItems[size] = item;
                heapScores[size] = score;
                siftUp(heapItems, heapScores, size++);
            } else if (better(score, item, heapScores[0], heapItems[0])) {
                heapItems[0] = item;
                heapScores[0] = score;
                siftDown(heapItems, heapScores, size);
            }
        }
        ScoredItem[] best = new ScoredItem[size];
        for (int n = size - 1; n >= 0; n--) {
            best[n] = new ScoredItem(heapItems[0] + 1L, heapScores[0]);
            heapItems[0] = heapItems[n];
            heapScores[0] = heapScores[n];
            siftDown(heapItems, heapScores, n);
        }
        return List.of(best);
    }

    /** Four partial sums: the JIT tier the pods run (C1) neither unrolls nor vectorises this loop by itself. */
    private static float dot(float[] a, int aOffset, float[] b, int bOffset) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        for (int d = 0; d < DIMENSIONS; d += 4) {
            s0 += a[aOffset + d] * b[bOffset + d];
            s1 += a[aOffset + d + 1] * b[bOffset + d + 1];
            s2 += a[aOffset + d + 2] * b[bOffset + d + 2];
            s3 += a[aOffset + d + 3] * b[bOffset + d + 3];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Higher score wins; on equal scores the lower item index wins. */
    private static boolean better(float score, int item, float otherScore, int otherItem) {
        return score > otherScore || (score == otherScore && item < otherItem);
    }

    private static void siftUp(int[] items, float[] scores, int index) {
        while (index > 0) {
            int parent = (index - 1) / 2;
            if (!better(scores[parent], items[parent], scores[index], items[index])) {
                return;
            }
            swap(items, scores, parent, index);
            index = parent;
        }
    }

    private static void siftDown(int[] items, float[] scores, int size) {
        int index = 0;
        while (true) {
            int left = 2 * index + 1;
            if (left >= size) {
                return;
            }
            int worst = left;
            int right = left + 1;
            if (right < size && better(scores[worst], items[worst], scores[right], items[right])) {
                worst = right;
            }
            if (!better(scores[index], items[index], scores[worst], items[worst])) {
                return;
            }
            swap(items, scores, index, worst);
            index = worst;
        }
    }

    private static void swap(int[] items, float[] scores, int a, int b) {
        int item = items[a];
        items[a] = items[b];
        items[b] = item;
        float score = scores[a];
        scores[a] = scores[b];
        scores[b] = score;
    }
}
