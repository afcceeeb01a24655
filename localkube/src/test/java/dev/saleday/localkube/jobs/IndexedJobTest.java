package dev.saleday.localkube.jobs;

import dev.saleday.localkube.controllers.JobController;
import dev.saleday.localkube.testing.ControlPlane;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * batch/v1 Jobs on localkube as Kubernetes' job controller runs them (the test plays the kubelet's part of ending a
 * container): Indexed pods with their index as annotation, label, env and hostname; parallelism; completion by
 * index; a killed pod counted as failed once (the tracking finalizer), the backoff limit, and the Job's pods gone
 * with it.
 */
@ExtendWith(ControlPlane.class)
class IndexedJobTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Job indexedJob(String ns, String name, int completions, int parallelism, int backoffLimit) {
        return new JobBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withCompletionMode("Indexed").withCompletions(completions).withParallelism(parallelism)
                .withBackoffLimit(backoffLimit)
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "injector")).endMetadata()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("injector")
                .withImage("saleday/harness:test").addNewEnv().withName("PLAN").withValue("/plan/plan.yaml").endEnv()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    @Test
    void anIndexedJobRunsEachIndexOnceAndCompletesWhenEveryIndexSucceeded(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("job");
        client.resource(indexedJob(ns, "inject", 3, 3, 0)).create();

        List<Pod> pods = await().atMost(WAIT).until(() -> pods(client, ns, "inject"), p -> p.size() == 3);
        for (int i = 0; i < 3; i++) {
            Pod pod = pods.get(i);
            assertThat(pod.getMetadata().getName()).startsWith("inject-" + i + "-");
            assertThat(pod.getMetadata().getAnnotations()).containsEntry(JobController.COMPLETION_INDEX, "" + i);
            assertThat(pod.getMetadata().getLabels()).containsEntry(JobController.COMPLETION_INDEX, "" + i)
                    .containsEntry("app", "injector").containsEntry(JobController.JOB_NAME_LABEL, "inject")
                    .containsEntry("job-name", "inject");
            assertThat(pod.getMetadata().getFinalizers()).containsExactly(JobController.TRACKING_FINALIZER);
            assertThat(pod.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("Job");
            assertThat(pod.getSpec().getHostname()).isEqualTo("inject-" + i);
            assertThat(pod.getSpec().getContainers().get(0).getEnv()).anySatisfy(env -> {
                assertThat(env.getName()).isEqualTo("JOB_COMPLETION_INDEX");
                assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                        .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
            });
        }
        await().atMost(WAIT).until(() -> job(client, ns, "inject").getStatus() != null
                && Integer.valueOf(3).equals(job(client, ns, "inject").getStatus().getReady()));

        end(client, pods.get(0), 0);
        end(client, pods.get(2), 0);
        await().atMost(WAIT).untilAsserted(() -> {
            Job job = job(client, ns, "inject");
            assertThat(job.getStatus().getCompletedIndexes()).isEqualTo("0,2");
            assertThat(job.getStatus().getSucceeded()).isEqualTo(2);
            assertThat(job.getStatus().getActive()).isEqualTo(1);
            assertThat(conditions(job)).isEmpty();
        });
        end(client, pods.get(1), 0);
        await().atMost(WAIT).untilAsserted(() -> {
            Job job = job(client, ns, "inject");
            assertThat(job.getStatus().getCompletedIndexes()).isEqualTo("0-2");
            assertThat(job.getStatus().getSucceeded()).isEqualTo(3);
            assertThat(conditions(job)).contains("Complete");
            assertThat(job.getStatus().getCompletionTime()).isNotNull();
            // counted: the finalizers are off, and no pod was made again
            assertThat(pods(client, ns, "inject")).hasSize(3)
                    .allSatisfy(p -> assertThat(p.getMetadata().getFinalizers()).isNullOrEmpty());
        });

        // parallelism 1 of 2 completions: one index at a time, lowest first
        client.resource(indexedJob(ns, "serial", 2, 1, 0)).create();
        Pod first = await().atMost(WAIT).until(() -> pods(client, ns, "serial"), p -> p.size() == 1).get(0);
        assertThat(first.getMetadata().getAnnotations()).containsEntry(JobController.COMPLETION_INDEX, "0");
        await().atMost(WAIT).until(() -> Integer.valueOf(1).equals(job(client, ns, "serial").getStatus().getReady()));
        end(client, first, 0);
        Pod second = await().atMost(WAIT).until(() -> pods(client, ns, "serial"), p -> p.size() == 2).get(1);
        assertThat(second.getMetadata().getAnnotations()).containsEntry(JobController.COMPLETION_INDEX, "1");

        // deleting the Job deletes its pods
        client.batch().v1().jobs().inNamespace(ns).withName("serial").withPropagationPolicy(
                DeletionPropagation.BACKGROUND).delete();
        await().atMost(WAIT).untilAsserted(() -> assertThat(pods(client, ns, "serial")).isEmpty());
    }

    @Test
    void aKilledPodFailsTheJobPastItsBackoffLimitAndTheOthersAreDeleted(ControlPlane cluster) {
        KubernetesClient client = cluster.client();
        String ns = cluster.newNamespace("job-fail");
        client.resource(indexedJob(ns, "inject", 2, 2, 0)).create();
        List<Pod> pods = await().atMost(WAIT).until(() -> pods(client, ns, "inject"), p -> p.size() == 2);
        await().atMost(WAIT).until(() -> job(client, ns, "inject").getStatus() != null
                && Integer.valueOf(2).equals(job(client, ns, "inject").getStatus().getReady()));

        client.pods().inNamespace(ns).withName(pods.get(1).getMetadata().getName()).withGracePeriod(0).delete();

        await().atMost(WAIT).untilAsserted(() -> {
            Job job = job(client, ns, "inject");
            // the killed pod, and the other one the controller deleted when the Job failed: each counted once
            assertThat(job.getStatus().getFailed()).isEqualTo(2);
            assertThat(job.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Failed");
                assertThat(c.getReason()).isEqualTo("BackoffLimitExceeded");
            });
            // the other index is deleted, the failed one not made again
            assertThat(pods(client, ns, "inject")).isEmpty();
        });
        assertThat(job(client, ns, "inject").getStatus().getSucceeded()).isIn(null, 0);
        assertThat(job(client, ns, "inject").getStatus().getCompletedIndexes()).isNull();
    }

    /** The kubelet's part: the container exited with {@code exitCode}. */
    private static void end(KubernetesClient client, Pod pod, int exitCode) {
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            Pod current = client.pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).get();
            Pod ended = new PodBuilder(current).editOrNewStatus().withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                    .withContainerStatuses(new ContainerStatusBuilder().withName("injector").withReady(false)
                            .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode)
                                    .withReason(exitCode == 0 ? "Completed" : "Error").endTerminated().build()).build())
                    .withConditions(List.of()).endStatus().build();
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(ended).updateStatus();
        });
    }

    private static List<Pod> pods(KubernetesClient client, String ns, String job) {
        return client.pods().inNamespace(ns).withLabel(JobController.JOB_NAME_LABEL, job).list().getItems().stream()
                .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }

    private static Job job(KubernetesClient client, String ns, String name) {
        return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
    }

    private static List<String> conditions(Job job) {
        return job.getStatus().getConditions() == null ? List.of()
                : job.getStatus().getConditions().stream().map(JobCondition::getType).toList();
    }
}
