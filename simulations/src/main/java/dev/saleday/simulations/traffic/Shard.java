package dev.saleday.simulations.traffic;

/**
 * One injector's share of the load: {@code index/count}. Request {@code j} of the global sequence goes to shard
 * {@code j mod count}, so {@code count} shards together send exactly the unsharded sequence.
 *
 * @param index 0-based, {@code < count}
 * @param count how many injectors share the load, >= 1
 */
public record Shard(int index, int count) {

    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (count < 1) {
            throw new IllegalArgumentException("shard count must be >= 1, got " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("shard index must be in 0.." + (count - 1) + ", got " + index);
        }
    }

    /** @param text {@code i/n}, e.g. {@code 0/2} */
    public static Shard parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int slash = trimmed.indexOf('/');
        if (slash < 1 || slash == trimmed.length() - 1) {
            throw new IllegalArgumentException("shard must be written i/n (e.g. 0/2), got '" + text + "'");
        }
        try {
            return new Shard(Integer.parseInt(trimmed.substring(0, slash)), Integer.parseInt(trimmed.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard must be written i/n with whole numbers (e.g. 0/2), got '" + text + "'");
        }
    }

    /** @return whether global request {@code globalIndex} is this shard's */
    public boolean owns(long globalIndex) {
        return globalIndex % count == index;
    }

    /** @return how many of the global requests {@code 0 .. globalCount-1} are this shard's */
    public long countAmongFirst(long globalCount) {
        if (globalCount <= index) {
            return 0;
        }
        return (globalCount - index + count - 1) / count;
    }

    /** @return the first global index >= {@code globalIndex} that is this shard's */
    public long firstOwnedFrom(long globalIndex) {
        long remainder = Math.floorMod(globalIndex - index, (long) count);
        return remainder == 0 ? globalIndex : globalIndex + (count - remainder);
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
