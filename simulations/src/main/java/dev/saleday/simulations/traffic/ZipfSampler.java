package dev.saleday.simulations.traffic;

import java.util.random.RandomGenerator;

/**
 * Draws from a Zipf distribution over {@code 1..count} with P(k) proportional to {@code 1/k^exponent}, in O(1)
 * memory and expected O(1) time: rejection-inversion (W. Hörmann, G. Derflinger, "Rejection-inversion to generate
 * variates from monotone discrete distributions", 1996), the method Apache Commons uses. A precomputed CDF would
 * need 8 bytes per user: 800 MB for 100 million users.
 */
public final class ZipfSampler {

    private final long count;
    private final double exponent;
    private final double hIntegralX1;
    private final double hIntegralCount;
    private final double s;

    /**
     * @param count    number of elements, >= 1
     * @param exponent > 0
     */
    public ZipfSampler(long count, double exponent) {
        if (count < 1) {
            throw new IllegalArgumentException("Zipf count must be >= 1, got " + count);
        }
        if (!(exponent > 0) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException("Zipf exponent must be > 0 and finite, got " + exponent);
        }
        this.count = count;
        this.exponent = exponent;
        this.hIntegralX1 = hIntegral(1.5) - 1.0;
        this.hIntegralCount = hIntegral(count + 0.5);
        this.s = 2.0 - hIntegralInverse(hIntegral(2.5) - h(2));
    }

    /** @return a value in {@code 1..count}; 1 is the most likely */
    public long sample(RandomGenerator random) {
        while (true) {
            double u = hIntegralCount + random.nextDouble() * (hIntegralX1 - hIntegralCount);
            double x = hIntegralInverse(u);
            long k = (long) (x + 0.5);
            if (k < 1) {
                k = 1;
            } else if (k > count) {
                k = count;
            }
            if (k - x <= s || u >= hIntegral(k + 0.5) - h(k)) {
                return k;
            }
        }
    }

    /** H(x), an integral of h(x) = x^-exponent, written so that exponent = 1 needs no special case. */
    private double hIntegral(double x) {
        double logX = Math.log(x);
        return helper2((1.0 - exponent) * logX) * logX;
    }

    private double h(double x) {
        return Math.exp(-exponent * Math.log(x));
    }

    private double hIntegralInverse(double x) {
        double t = x * (1.0 - exponent);
        if (t < -1.0) {
            t = -1.0; // limits rounding errors near the end of the range
        }
        return Math.exp(helper1(t) * x);
    }

    /** log(1+x)/x, accurate near 0. */
    private static double helper1(double x) {
        return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
    }

    /** (exp(x)-1)/x, accurate near 0. */
    private static double helper2(double x) {
        return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + 0.25 * x));
    }
}
