package dev.saleday.simulations.traffic;

import dev.saleday.plan.Traffic;

import java.util.SplittableRandom;

/**
 * The requests of the load, by global index: request {@code j}'s user and k depend only on the seed and {@code j},
 * so a shard can compute its own requests without the others' and the same plan always sends the same sequence.
 */
public final class RequestSequence {

    private final long seed;
    private final Traffic.Users users;
    private final ZipfSampler zipf;
    private final int[] ks;
    private final double[] cumulativeWeights;

    RequestSequence(Traffic traffic) {
        this.seed = traffic.seed();
        this.users = traffic.users();
        this.zipf = users.distribution() == Traffic.Users.Distribution.ZIPF ? new ZipfSampler(users.count(), users.exponent()) : null;
        this.ks = new int[traffic.kMix().size()];
        this.cumulativeWeights = new double[ks.length];
        double total = 0;
        for (int i = 0; i < ks.length; i++) {
            ks[i] = traffic.kMix().get(i).k();
            total += traffic.kMix().get(i).weight();
            cumulativeWeights[i] = total;
        }
    }

    /** @return request {@code globalIndex} of the load (0-based) */
    public Request request(long globalIndex) {
        // One independent stream per request: a well-mixed seed per index (SplitMix64's finaliser).
        SplittableRandom random = new SplittableRandom(mix64(seed ^ mix64(globalIndex + 0x632BE59BD9B4E019L)));
        long userId = zipf != null ? zipf.sample(random) : 1 + random.nextLong(users.count());
        return new Request(globalIndex, userId, drawK(random.nextDouble()));
    }

    private int drawK(double uniform) {
        double target = uniform * cumulativeWeights[cumulativeWeights.length - 1];
        for (int i = 0; i < cumulativeWeights.length; i++) {
            if (target < cumulativeWeights[i]) {
                return ks[i];
            }
        }
        return ks[ks.length - 1];
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One request of the load: the body {@code {"userId":userId,"k":k}}. */
    public record Request(long globalIndex, long userId, int k) {
        public String body() {
            return "{\"userId\":" + userId + ",\"k\":" + k + "}";
        }
    }
}
