package dev.saleday.localkube.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The Progressing condition's rules (progress.go, sync.go, deployment_util.go) on status values. */
class DeploymentProgressTest {

    static final Instant NOW = Instant.parse("2026-12-06T20:00:00Z");

    /** A finished rollout of two replicas. */
    static DeploymentStatus finished() {
        DeploymentCondition complete = DeploymentProgress.condition(null,
                new DeploymentProgress.Counts(2, 2, 2, 2), 2, 3, false, "web-old", NOW.minusSeconds(60));
        return new DeploymentStatusBuilder().withReplicas(2).withUpdatedReplicas(2).withReadyReplicas(2)
                .withAvailableReplicas(2).addToConditions(complete).build();
    }

    @Test
    void aNewReplicaSetStartsTheDeadlineEvenWhenTheFirstStatusWriteAlreadyCountsItsFirstReplica() {
        DeploymentCondition created = DeploymentProgress.created(finished(), 3, "web-new", NOW);
        assertThat(created.getReason()).isEqualTo("NewReplicaSetCreated");
        assertThat(created.getMessage()).isEqualTo("Created new replica set \"web-new\"");
        DeploymentStatus afterCreation = new DeploymentStatusBuilder(finished()).withConditions(created).build();
        // the first write after the creation already counts the new pod (never ready): 1 updated of 3, no progress
        // against the finished status's 2 updated
        DeploymentProgress.Counts stuck = new DeploymentProgress.Counts(3, 1, 2, 2);
        assertThat(DeploymentProgress.condition(afterCreation, stuck, 2, 3, false, "web-new", NOW.plusSeconds(2))
                .getReason()).isEqualTo("NewReplicaSetCreated");
        assertThat(DeploymentProgress.untilDeadline(created, 3, NOW.plusSeconds(2)))
                .as("the controller looks again when the deadline passes").hasValueSatisfying(
                        wait -> assertThat(wait.toMillis()).isBetween(1000L, 1200L));
        DeploymentCondition late = DeploymentProgress.condition(afterCreation, stuck, 2, 3, false, "web-new",
                NOW.plusSeconds(4));
        assertThat(late.getStatus()).isEqualTo("False");
        assertThat(late.getReason()).isEqualTo("ProgressDeadlineExceeded");
        assertThat(late.getMessage()).isEqualTo("ReplicaSet \"web-new\" has timed out progressing.");
    }

    @Test
    void withoutADeadlineANewReplicaSetSetsNoCondition() {
        assertThat(DeploymentProgress.created(finished(), null, "web-new", NOW)).isNull();
        assertThat(DeploymentProgress.created(finished(), Integer.MAX_VALUE, "web-new", NOW)).isNull();
    }
}
