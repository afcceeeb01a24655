package dev.saleday.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.records.CapacityFile.StepJudgement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The knee rule on step p99s recorded from one 300m pod (steps of 1 req/s from 14 req/s, 1 s each, p99 bound 1 s) in
 * pairs of searches a minute apart: the bound alone gave knees up to 4 req/s apart within a pair; the rising run gives
 * the step where the queue began to grow.
 */
class KneeRuleTest {

    static final long BOUND_MS = 1000;

    /** @param p99s each step's p99 from 14 req/s up, as the detector judges them one by one */
    static Optional<KneeRule.Found> search(double... p99s) {
        List<StepJudgement> judged = new ArrayList<>();
        for (int i = 0; i < p99s.length; i++) {
            judged.add(new StepJudgement(String.format("step-%02d-%drps", i + 1, 14 + i), 14 + i, 14 + i, 14 + i, 0,
                    p99s[i], 0, p99s[i] <= BOUND_MS));
            Optional<KneeRule.Found> found = KneeRule.find(judged, BOUND_MS);
            if (found.isPresent()) {
                assertThat(i).as("the search stops at the step that found the knee").isEqualTo(p99s.length - 1);
                return found;
            }
        }
        return Optional.empty();
    }

    static double kneeRps(Optional<KneeRule.Found> found) {
        return 14 + found.orElseThrow().index();
    }

    @Test
    void anIdleHostsPairAgreesOnTheStepWhereTheQueueBeganToGrow() {
        // the bound alone: 30 and 30 req/s; the rising run alone: 25 and 24
        var first = search(62, 29, 23, 22, 20, 31, 20, 21, 25, 30, 72, 153);
        var second = search(56, 25, 17, 25, 20, 21, 22, 32, 18, 21, 75, 194);
        assertThat(kneeRps(first)).isEqualTo(24);
        assertThat(first.orElseThrow().reason())
                .isEqualTo("p99 72 -> 153 ms from step-11-24rps, over 2.5x the 24 ms the steps before settled at:"
                        + " the queue grew");
        assertThat(kneeRps(second)).isEqualTo(24);
    }

    @Test
    void aQueueThatGrowsSlowlyAtFirstIsCaughtByItsLevelNotByTheBound() {
        // one warm pod searched twice on an idle host (13.8 and 13.3 ms of CPU a request): the bound and the rising
        // run alone gave 25 and 30 req/s, the second's p99 climbing 21 -> 59 -> 107 -> 321 ms, never 1.5x and 50 ms
        // twice in a row until the bound
        var first = search(79, 28, 19, 23, 31, 17, 22, 22, 19, 18, 36, 109, 209);
        var second = search(67, 24, 20, 28, 29, 24, 17, 22, 22, 23, 21, 59, 107);
        assertThat(kneeRps(first)).isEqualTo(25);
        assertThat(kneeRps(second)).isEqualTo(25);
        assertThat(second.orElseThrow().reason())
                .isEqualTo("p99 59 -> 107 ms from step-12-25rps, over 2.5x the 23 ms the steps before settled at:"
                        + " the queue grew");
        // one step above the level whose successor is back is noise
        assertThat(search(30, 25, 28, 26, 90, 27, 29, 31)).isEmpty();
    }

    @Test
    void aPairTheBoundAloneSplitBy15PercentAgrees() {
        // the bound alone: 26 and 30 req/s (a clean suite run: 13.8 % apart)
        var first = search(93, 30, 30, 29, 30, 25, 24, 24, 19, 29, 97, 469);
        var second = search(90, 58, 29, 25, 26, 24, 24, 29, 20, 28, 85, 181);
        assertThat(kneeRps(first)).isEqualTo(24);
        assertThat(kneeRps(second)).isEqualTo(24);
    }

    @Test
    void aBusyHostsSlowFirstStepsAreNoiseNotAKnee() {
        // the host slowed the first steps (663, 433 ms) and one step later on; the next steps recovered
        var busy = search(663, 433, 193, 87, 119, 411, 421, 1383);
        assertThat(kneeRps(busy)).isEqualTo(21);
        assertThat(busy.orElseThrow().reason()).isEqualTo("step-08-21rps broke a bound (p99 1383 ms, errors 0.00 %)");
        var jittery = search(305, 62, 126, 68, 91, 204, 231, 101, 51, 85, 108, 153, 357, 1343);
        assertThat(kneeRps(jittery)).as("a rise that breaks the bound at once starts the knee there").isEqualTo(26);
        assertThat(jittery.orElseThrow().reason())
                .isEqualTo("p99 153 -> 357 -> 1343 ms from step-13-26rps: the queue grew;"
                        + " step-14-27rps broke a bound (p99 1343 ms, errors 0.00 %)");
    }

    @Test
    void aFastTargetsJitterUnderTheFloorDoesNotRise() {
        // 5 % of a 1 s bound: a p99 going 8 -> 14 -> 25 ms rises 1.7x twice, but by less than 50 ms
        assertThat(search(8, 14, 25, 24, 30)).isEmpty();
        assertThat(KneeRule.rises(30, 80, BOUND_MS)).isTrue();
        assertThat(KneeRule.rises(30, 79, BOUND_MS)).as("under the floor").isFalse();
        assertThat(KneeRule.rises(200, 299, BOUND_MS)).as("under 1.5x").isFalse();
    }
}
