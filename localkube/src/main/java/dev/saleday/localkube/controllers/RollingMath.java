package dev.saleday.localkube.controllers;

import io.fabric8.kubernetes.api.model.IntOrString;

/** maxSurge / maxUnavailable as the Deployment controller resolves them (ResolveFenceposts). */
public final class RollingMath {

    /** @param maxSurge       resolved, rounded up
     *  @param maxUnavailable resolved, rounded down; 1 when both would be 0 */
    public record Fenceposts(int maxSurge, int maxUnavailable) {
    }

    private RollingMath() {
    }

    public static Fenceposts resolve(IntOrString maxSurge, IntOrString maxUnavailable, int replicas) {
        int surge = scaled(maxSurge, replicas, true, 25);
        int unavailable = scaled(maxUnavailable, replicas, false, 25);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new Fenceposts(surge, unavailable);
    }

    static int scaled(IntOrString value, int total, boolean roundUp, int defaultPercent) {
        if (value == null) {
            return percent(defaultPercent, total, roundUp);
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal();
        if (text == null || !text.endsWith("%")) {
            throw new IllegalArgumentException("expected an int or a percentage like 25%, got '" + text + "'");
        }
        return percent(Integer.parseInt(text.substring(0, text.length() - 1)), total, roundUp);
    }

    private static int percent(int percent, int total, boolean roundUp) {
        double value = percent * total / 100.0;
        return (int) (roundUp ? Math.ceil(value) : Math.floor(value));
    }
}
