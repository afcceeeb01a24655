package dev.saleday.plan;

/**
 * How many of something: an absolute number ({@code 3}) or a share ({@code 30%}).
 *
 * @param absolute the number, when {@code fraction} is negative
 * @param fraction the share in [0, 1], or -1 when the count is absolute
 */
public record Count(int absolute, double fraction) {

    public static Count of(int absolute) {
        if (absolute < 0) {
            throw new IllegalArgumentException("a count must be >= 0, got " + absolute);
        }
        return new Count(absolute, -1);
    }

    public static Count percent(double percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("a percentage must be within 0% and 100%, got " + percent + "%");
        }
        return new Count(0, percent / 100);
    }

    public boolean isShare() {
        return fraction >= 0;
    }

    /**
     * @return the number this count means out of {@code total}: a share rounds up (30% of 5 pods is 2), as
     *         Kubernetes rounds maxSurge, so a non-zero share of a non-empty set never means zero
     */
    public int resolve(int total) {
        if (!isShare()) {
            return absolute;
        }
        return (int) Math.ceil(fraction * total - 1e-9);
    }

    @Override
    public String toString() {
        return isShare() ? (fraction * 100) + "%" : Integer.toString(absolute);
    }
}
