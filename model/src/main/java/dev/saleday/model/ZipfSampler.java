package dev.saleday.model;

import java.util.SplittableRandom;

/** Draws ranks 0..size-1 with probability proportional to 1 / (rank + 1)^exponent, by binary search on the CDF. */
final class ZipfSampler {
    private final double[] cumulative;

    ZipfSampler(int size, double exponent) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        if (!(exponent > 0)) {
            throw new IllegalArgumentException("exponent must be > 0, got " + exponent);
        }
        cumulative = new double[size];
        double sum = 0;
        for (int rank = 0; rank < size; rank++) {
            sum += 1.0 / StrictMath.pow(rank + 1, exponent);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < size; rank++) {
            cumulative[rank] /= sum;
        }
    }

    int sample(SplittableRandom random) {
        double u = random.nextDouble();
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < u) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
