package dev.saleday.reports.analysis;

import dev.saleday.plan.PlanSchedule;
import dev.saleday.records.InjectorSecond;
import dev.saleday.records.ShardRecords;

import java.util.ArrayList;
import java.util.List;

/**
 * One injector shard of a run driven by several injectors, as its own injector.jsonl tells it: when it started,
 * when its records end, what it was asked for and what it started each second. Its requests are not kept apart: they
 * are in the run's merged histograms with every other shard's.
 *
 * @param index            the shard's index
 * @param count            how many shards the run had (0 = unknown: the shard recorded nothing)
 * @param loadStartMs      when the shard started its load (epoch ms), -1 when it recorded nothing
 * @param recordedEndMs    the end of its last recorded second (epoch ms), -1 when it recorded nothing
 * @param intended         requests the plan gave it in the seconds it recorded
 * @param expected         requests the plan gives it over the whole load (its share of A(end))
 * @param startedPerSecond requests it started in each of its seconds, from its own second 0
 * @param requestsRecorded whether its simulation.log is there: without it, the requests it started are nowhere in
 *                         the merged numbers (its pod died before its records were collected)
 */
public record ShardStats(int index, int count, long loadStartMs, long recordedEndMs, long intended, long expected,
                         long[] startedPerSecond, boolean requestsRecorded) {

    public ShardStats {
        startedPerSecond = startedPerSecond.clone();
    }

    @Override
    public long[] startedPerSecond() {
        return startedPerSecond.clone();
    }

    /** @return {@code shard i/n} */
    public String name() {
        return "shard " + index + "/" + (count > 0 ? count : "?");
    }

    /** @return requests it started */
    public long sent() {
        long sum = 0;
        for (long s : startedPerSecond) {
            sum += s;
        }
        return sum;
    }

    /** @return its share of the plan's arrivals, 0..1 */
    public double shareFraction(PlanSchedule schedule) {
        double total = schedule.arrivalCountBefore(schedule.loadMillis());
        return total <= 0 ? 0 : expected / total;
    }

    /** @return the shard's requests due before {@code offsetMillis} (from the load's start), whole requests */
    public long intendedBefore(PlanSchedule schedule, long offsetMillis) {
        return count > 0 ? shareOf(schedule.arrivalCountBefore(offsetMillis), index, count) : 0;
    }

    /**
     * @return the offset (ms from the load's start) at which the shard's due requests reach {@code count}: its
     *         request number ceil(count) is the load's request {@code index + (ceil(count) - 1) * n}, due when A(t)
     *         reaches that + 0.5
     */
    public long millisReaching(PlanSchedule schedule, double requests) {
        if (requests <= 0 || this.count <= 0) {
            return 0;
        }
        long nth = (long) Math.ceil(requests);
        return schedule.millisReaching(index + (nth - 1) * (double) this.count + 0.5);
    }

    /**
     * @param shards    each shard's records, by index
     * @param schedule  the plan's clock
     * @return each shard's stats; a shard that the others name (their {@code i/n}) but that left no folder is listed
     *         as one that recorded nothing
     */
    static List<ShardStats> of(List<ShardRecords> shards, PlanSchedule schedule) {
        int count = shards.stream().mapToInt(ShardRecords::count).max().orElse(0);
        long total = schedule.arrivalCountBefore(schedule.loadMillis());
        List<ShardStats> stats = new ArrayList<>();
        int upTo = Math.max(count, shards.isEmpty() ? 0 : shards.get(shards.size() - 1).index() + 1);
        for (int i = 0; i < upTo; i++) {
            int index = i;
            ShardRecords shard = shards.stream().filter(s -> s.index() == index).findFirst().orElse(null);
            long expected = count > 0 ? shareOf(total, index, count) : 0;
            if (shard == null || shard.injector().isEmpty()) {
                stats.add(new ShardStats(index, count, shard == null ? -1 : shard.loadStartMs(), -1, 0, expected,
                        new long[0], shard != null && !shard.simulationLogs().isEmpty()));
                continue;
            }
            long start = shard.loadStartMs() > 0 ? shard.loadStartMs() : shard.injector().get(0).tMs();
            List<InjectorSecond> seconds = shard.injector();
            int length = (int) Math.max(0, Math.floorDiv(seconds.get(seconds.size() - 1).tMs() - start + 500, 1000) + 1);
            long[] started = new long[length];
            long intended = 0;
            for (InjectorSecond second : seconds) {
                long s = Math.floorDiv(second.tMs() - start + 500, 1000);
                if (s >= 0 && s < length) {
                    started[(int) s] += second.sent();
                }
                intended += second.intended();
            }
            stats.add(new ShardStats(index, count, start, shard.recordedEndMs(), intended, expected, started,
                    !shard.simulationLogs().isEmpty()));
        }
        return stats;
    }

    /** Request j of the load is shard {@code j mod count}'s: its count among the first {@code total}. */
    private static long shareOf(long total, int index, int count) {
        return total <= index ? 0 : (total - index + count - 1) / count;
    }
}
