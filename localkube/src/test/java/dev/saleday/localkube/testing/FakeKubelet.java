package dev.saleday.localkube.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a kubelet writes, without processes: a scheduled pod becomes Running and, after {@code readyAfter}, Ready
 * with a pod IP; a terminating pod is deleted with grace 0 after {@code stopAfter}. For control-plane tests.
 */
public final class FakeKubelet implements AutoCloseable {

    private final KubernetesClient client;
    private final Duration readyAfter;
    private final Duration stopAfter;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-kubelet");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextIp = new AtomicInteger(1);
    private final Map<String, String> ips = new ConcurrentHashMap<>();
    private volatile SharedIndexInformer<Pod> informer;
    private final SharedIndexInformer<io.fabric8.kubernetes.api.model.Node> nodes;

    public FakeKubelet(KubernetesClient client, Duration readyAfter, Duration stopAfter) {
        this.client = client;
        this.readyAfter = readyAfter;
        this.stopAfter = stopAfter;
        // a failed node's kubelet does nothing; back, it deals with what happened to its pods meanwhile
        this.nodes = client.nodes().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(io.fabric8.kubernetes.api.model.Node node) {
            }

            @Override
            public void onUpdate(io.fabric8.kubernetes.api.model.Node old, io.fabric8.kubernetes.api.model.Node node) {
                if (dev.saleday.localkube.controller.NodeFailure.failed(old)
                        && !dev.saleday.localkube.controller.NodeFailure.failed(node) && informer != null) {
                    informer.getStore().list().stream()
                            .filter(p -> node.getMetadata().getName().equals(p.getSpec().getNodeName()))
                            .forEach(FakeKubelet.this::handle);
                }
            }

            @Override
            public void onDelete(io.fabric8.kubernetes.api.model.Node node, boolean unknown) {
            }
        });
        this.informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                handle(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                handle(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
            }
        });
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + "/" + pod.getMetadata().getUid();
    }

    private void handle(Pod pod) {
        String node = pod.getSpec().getNodeName();
        if (node == null || !node.startsWith("local-node-")) {
            return; // only the cluster's own nodes have a kubelet
        }
        if (nodes != null && dev.saleday.localkube.controller.NodeFailure.failed(nodes.getStore().getByKey(node))) {
            return;
        }
        String key = key(pod);
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            if (stopping.add(key)) {
                timer.schedule(() -> deleteNow(pod), stopAfter.toMillis(), TimeUnit.MILLISECONDS);
            }
            return;
        }
        if (started.add(key)) {
            String ip = ips.computeIfAbsent(key, k -> "127.0.1." + nextIp.getAndIncrement());
            timer.execute(() -> setStatus(pod, ip, false));
            timer.schedule(() -> setStatus(pod, ip, true), readyAfter.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void setStatus(Pod pod, String ip, boolean ready) {
        try {
            Pod current = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
            if (current == null || current.getMetadata().getDeletionTimestamp() != null
                    || !current.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
                return;
            }
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            List<PodCondition> conditions = new ArrayList<>();
            conditions.add(new PodConditionBuilder().withType("PodScheduled").withStatus("True").withLastTransitionTime(now).build());
            conditions.add(new PodConditionBuilder().withType("Initialized").withStatus("True").withLastTransitionTime(now).build());
            conditions.add(new PodConditionBuilder().withType("ContainersReady").withStatus(ready ? "True" : "False").withLastTransitionTime(now).build());
            conditions.add(new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").withLastTransitionTime(now).build());
            Pod updated = new PodBuilder(current).editOrNewStatus().withPhase("Running").withPodIP(ip)
                    .withHostIP("127.0.0.1").withStartTime(now).withConditions(conditions).endStatus().build();
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(updated).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                timer.schedule(() -> setStatus(pod, ip, ready), 50, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void deleteNow(Pod pod) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        informer.close();
        nodes.close();
        timer.shutdownNow();
    }
}
