package dev.saleday.reports.calibrate;

import dev.saleday.reports.analysis.HostStarvation;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The largest {@code traffic.scale} that keeps the host out of starvation by saleday's own load: a pure function of
 * seconds measured on this machine and target. Our processes' CPU is fitted as a straight line of the rate sent
 * (least squares: a fixed part plus a cost per request, for the injector and for the pods apart); what the line does
 * not explain (new pods' JVMs starting at a scale-up, a kill or a rollout, bursts) is the 95th percentile of the
 * seconds above it, kept free at the peak. The peak must then stay within {@code 1 - margin} of the line the host
 * rule draws ({@link HostStarvation#OWN_SHARE_OF_HOST} of the host's CPUs).
 */
public final class Calibration {

    /** The percentile of the seconds above the fitted line kept free for bursts. */
    static final double BURST_PERCENTILE = 0.95;

    private Calibration() {
    }

    /**
     * One measured second.
     *
     * @param rateRps           requests sent in it
     * @param injectorCpuMsPerS the injector's CPU in it
     * @param podsCpuMsPerS     the local pods' CPU in it (0 with a remote target)
     */
    public record Second(double rateRps, double injectorCpuMsPerS, double podsCpuMsPerS) {
    }

    /**
     * What was measured.
     *
     * @param cores                the host's CPUs
     * @param seconds              the measured seconds (at least 10, at two rates or more)
     * @param podCpuLimitMillicores one pod's CPU limit; null when the pods have none or are remote
     * @param planPeakRps          the plan's highest phase rate before scaling (its day's numbers)
     * @param planScale            the plan's {@code traffic.scale}
     * @param margin               the share of the rule's line kept free, 0..1
     */
    public record Input(int cores, List<Second> seconds, Long podCpuLimitMillicores, double planPeakRps,
                       double planScale, double margin) {
        public Input {
            if (cores < 1) {
                throw new IllegalArgumentException("cores must be >= 1, got " + cores);
            }
            if (!(margin >= 0 && margin < 1)) {
                throw new IllegalArgumentException("margin must be in [0, 1), got " + margin);
            }
            if (!(planPeakRps > 0) || !(planScale > 0)) {
                throw new IllegalArgumentException("the plan's peak rate and scale must be > 0, got " + planPeakRps
                        + " and " + planScale);
            }
            seconds = List.copyOf(seconds);
        }
    }

    /**
     * The result.
     *
     * @param injectorFixedMsPerS   the injector's CPU at no load (fitted), ms per second
     * @param injectorMsPerRequest  the injector's CPU per request sent, ms
     * @param podsFixedMsPerS       the pods' CPU at no load (fitted), ms per second
     * @param podsMsPerRequest      the pods' CPU per request, ms
     * @param burstMsPerS           CPU kept free for what the line does not explain (95th percentile above it)
     * @param lineMsPerS            the host rule's line: our processes' CPU from which a saturated host is starved
     * @param budgetMsPerS          the line less the margin
     * @param planPeakOwnMsPerS     our processes' CPU the plan's peak needs at its present scale (with the burst)
     * @param planPeakHeadroom      1 - planPeakOwnMsPerS / budgetMsPerS: negative when the plan asks too much
     * @param maxPeakRps            the highest peak rate that keeps within the budget
     * @param maxScale              that rate as {@code traffic.scale}, rounded down to two significant digits
     * @param podRpsAtLimit         what one pod answers at its CPU limit, req/s; null without a limit
     * @param replicasAtPeak        the pods the peak then needs at their limit; null without a limit
     */
    public record Result(double injectorFixedMsPerS, double injectorMsPerRequest, double podsFixedMsPerS,
                         double podsMsPerRequest, double burstMsPerS, double lineMsPerS, double budgetMsPerS,
                         double planPeakOwnMsPerS, double planPeakHeadroom, double maxPeakRps, double maxScale,
                         Double podRpsAtLimit, Integer replicasAtPeak) {

        public double fixedMsPerS() {
            return injectorFixedMsPerS + podsFixedMsPerS;
        }

        public double msPerRequest() {
            return injectorMsPerRequest + podsMsPerRequest;
        }
    }

    /** @throws IllegalArgumentException when the seconds cannot give a cost per request */
    public static Result compute(Input input) {
        List<Second> seconds = input.seconds().stream().filter(s -> s.rateRps() > 0).toList();
        if (seconds.size() < 10) {
            throw new IllegalArgumentException("at least 10 seconds with load are needed, got " + seconds.size());
        }
        double[] rate = seconds.stream().mapToDouble(Second::rateRps).toArray();
        double lowest = java.util.Arrays.stream(rate).min().orElseThrow();
        double highest = java.util.Arrays.stream(rate).max().orElseThrow();
        if (highest < 2 * lowest) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "the seconds measured span %.0f-%.0f"
                    + " req/s: a cost per request needs rates at least a factor 2 apart (a ramp, or steps)", lowest,
                    highest));
        }
        double[] injector = fit(rate, seconds.stream().mapToDouble(Second::injectorCpuMsPerS).toArray());
        double[] pods = fit(rate, seconds.stream().mapToDouble(Second::podsCpuMsPerS).toArray());
        double fixed = injector[0] + pods[0];
        double perRequest = injector[1] + pods[1];
        if (!(perRequest > 0) || injector[1] < 0 || pods[1] < 0) {
            throw new IllegalArgumentException("the measured CPU does not grow with the rate: no cost per request");
        }
        List<Double> above = new ArrayList<>();
        for (Second s : seconds) {
            above.add(s.injectorCpuMsPerS() + s.podsCpuMsPerS() - (fixed + perRequest * s.rateRps()));
        }
        above.sort(Double::compareTo);
        double burst = Math.max(0, above.get((int) Math.min(above.size() - 1,
                Math.floor(BURST_PERCENTILE * above.size()))));
        double line = HostStarvation.OWN_SHARE_OF_HOST * input.cores() * 1000;
        double budget = line * (1 - input.margin());
        double planPeakRps = input.planPeakRps() * input.planScale();
        double planPeakOwn = fixed + perRequest * planPeakRps + burst;
        double maxPeakRps = Math.max(0, (budget - fixed - burst) / perRequest);
        double maxScale = roundDown(maxPeakRps / input.planPeakRps());
        Double podRps = null;
        Integer replicas = null;
        if (input.podCpuLimitMillicores() != null && input.podCpuLimitMillicores() > 0 && pods[1] > 0) {
            podRps = input.podCpuLimitMillicores() / pods[1];
            replicas = (int) Math.ceil(maxScale * input.planPeakRps() / podRps);
        }
        return new Result(injector[0], injector[1], pods[0], pods[1], burst, line, budget, planPeakOwn,
                1 - planPeakOwn / budget, maxPeakRps, maxScale, podRps, replicas);
    }

    /** @return {intercept, slope} of the least-squares line through (x, y); slope 0 when x does not vary */
    static double[] fit(double[] x, double[] y) {
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < x.length; i++) {
            meanX += x[i];
            meanY += y[i];
        }
        meanX /= x.length;
        meanY /= x.length;
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < x.length; i++) {
            covariance += (x[i] - meanX) * (y[i] - meanY);
            variance += (x[i] - meanX) * (x[i] - meanX);
        }
        if (variance == 0) {
            return new double[] {0, meanX > 0 ? meanY / meanX : 0};
        }
        double slope = covariance / variance;
        return new double[] {meanY - slope * meanX, slope};
    }

    /** @return {@code value} rounded down to two significant digits (0.00386 -> 0.0038) */
    static double roundDown(double value) {
        if (!(value > 0)) {
            return 0;
        }
        return new BigDecimal(value).round(new MathContext(2, RoundingMode.DOWN)).doubleValue();
    }
}
