package dev.saleday.localkube.controllers;

import dev.saleday.localkube.controllers.ProportionalScale.Sized;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The sharing of a scaling event among a Deployment's active ReplicaSets (deployment_util.go GetProportion). */
class ProportionalScaleTest {

    @Test
    void aScaleUpKeepsTheRatioOfOldToNew() {
        // Kubernetes' documented example: 10 replicas, maxSurge 3; old 8 + new 5 (sized for 13) scaled to 15
        var sizes = ProportionalScale.sizes(List.of(new Sized("old", 8, 13, 0), new Sized("new", 5, 13, 1)), 15, 3, 13);
        assertThat(sizes).containsOnly(entry("old", 11), entry("new", 7));
    }

    @Test
    void aScaleDownTakesFromTheLargestFirstAndNeverBelowZero() {
        var sizes = ProportionalScale.sizes(List.of(new Sized("old", 11, 18, 0), new Sized("new", 7, 18, 1)), 5, 3, 18);
        assertThat(sizes).containsOnly(entry("old", 5), entry("new", 3));
        var toZero = ProportionalScale.sizes(List.of(new Sized("old", 11, 18, 0), new Sized("new", 7, 18, 1)), 0, 0, 18);
        assertThat(toZero).containsOnly(entry("old", 0), entry("new", 0));
    }

    @Test
    void equalSizesGiveTheRoundingsLeftoverToTheNewerOnAScaleUp() {
        // 2 + 2 sized for 4 (maxSurge 0), scaled to 5: each share rounds 2.5 up to 3, capped by what is left
        var sizes = ProportionalScale.sizes(List.of(new Sized("older", 2, 4, 0), new Sized("newer", 2, 4, 1)), 5, 0, 4);
        assertThat(sizes).containsOnly(entry("newer", 3), entry("older", 2));
    }

    @Test
    void aReplicaSetWithoutTheAnnotationIsReadAgainstTheDeploymentsStatus() {
        var sizes = ProportionalScale.sizes(List.of(new Sized("old", 6, null, 0), new Sized("new", 2, null, 1)), 16, 0, 8);
        assertThat(sizes).containsOnly(entry("old", 12), entry("new", 4));
    }
}
