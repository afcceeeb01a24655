package dev.saleday.localkube.controllers;

import dev.saleday.localkube.NodePool;
import dev.saleday.localkube.controller.Controller;
import dev.saleday.localkube.controller.ControllerContext;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A cluster autoscaler for one node group: every scan it looks for pods the scheduler marked Unschedulable; when a
 * new node of the pool's size would take them and the group is below its maximum, it records TriggeredScaleUp on
 * each (cluster-autoscaler's event, message {@code pod triggered scale-up: [{group 3->4 (max: 5)}]}) and, the pool's
 * {@code scaleUpDelay} later, registers the new nodes Ready (the cloud's provisioning time). How many: first-fit of
 * the pending pods' requests on empty nodes, as its binpacking estimator does. Pods it cannot help get
 * NotTriggerScaleUp. One scale-up at a time: pods still pending once its nodes are up trigger the next.
 */
public final class NodeAutoscaler implements Controller {

    /** The node group's name in events. */
    public static final String GROUP = "local-node-pool";
    private static final Duration SCAN_INTERVAL = Duration.ofSeconds(1);

    private final Logger log = LoggerFactory.getLogger(NodeAutoscaler.class);
    private final NodePool pool;
    private final List<String> grownNames;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "localkube-node-autoscaler");
        t.setDaemon(true);
        return t;
    });
    private ControllerContext context;
    private volatile boolean scalingUp;
    private final Set<String> toldNoScaleUp = new HashSet<>();

    /** @param grownNames the names new nodes take, in order ({@link NodePool#grownNodeNames}) */
    public NodeAutoscaler(NodePool pool, List<String> grownNames) {
        this.pool = pool;
        this.grownNames = List.copyOf(grownNames);
    }

    @Override
    public String name() {
        return "node-autoscaler";
    }

    @Override
    public void start(ControllerContext context) {
        this.context = context;
        timer.scheduleWithFixedDelay(this::scanSafely, SCAN_INTERVAL.toMillis(), SCAN_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void scanSafely() {
        try {
            scan();
        } catch (KubernetesClientException e) {
            log.debug("node autoscaler scan: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("node autoscaler scan failed: {}", e.toString());
        }
    }

    private void scan() {
        if (scalingUp) {
            return;
        }
        List<Pod> pending = context.client().pods().inAnyNamespace().list().getItems().stream()
                .filter(p -> (p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty())
                        && !Pods.isTerminating(p)
                        && Pods.condition(p, "PodScheduled").map(c -> "False".equals(c.getStatus())
                        && SchedulerController.UNSCHEDULABLE.equals(c.getReason())).orElse(false))
                .toList();
        if (pending.isEmpty()) {
            return;
        }
        List<Node> nodes = context.client().nodes().list().getItems();
        List<String> free = new ArrayList<>(grownNames);
        nodes.forEach(n -> free.remove(n.getMetadata().getName()));
        int current = nodes.size();
        Node template = NodeRegistrar.node("template", pool, context.clock().instant());
        List<List<Pod>> newNodes = new ArrayList<>();
        List<Pod> helped = new ArrayList<>();
        for (Pod pod : pending) {
            if (NodeFit.check(pod, template, List.of()) != null) {
                tellNoScaleUp(pod, "pod didn't trigger scale-up: 1 node(s) did not fit: "
                        + String.join(", ", NodeFit.check(pod, template, List.of()).reasons()));
                continue;
            }
            List<Pod> home = newNodes.stream().filter(on -> NodeFit.check(pod, template, on) == null).findFirst()
                    .orElse(null);
            if (home == null) {
                if (newNodes.size() >= free.size()) {
                    tellNoScaleUp(pod, "pod didn't trigger scale-up: 1 max node group size reached");
                    continue;
                }
                home = new ArrayList<>();
                newNodes.add(home);
            }
            home.add(pod);
            helped.add(pod);
        }
        if (newNodes.isEmpty()) {
            return;
        }
        List<String> names = List.copyOf(free.subList(0, newNodes.size()));
        String message = "pod triggered scale-up: [{" + GROUP + " " + current + "->" + (current + names.size())
                + " (max: " + pool.maxNodes() + ")}]";
        helped.forEach(pod -> context.events().record(pod, "Normal", "TriggeredScaleUp", message));
        scalingUp = true;
        timer.schedule(() -> register(names), pool.scaleUpDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tellNoScaleUp(Pod pod, String message) {
        if (toldNoScaleUp.add(pod.getMetadata().getUid() + message)) {
            context.events().record(pod, "Normal", "NotTriggerScaleUp", message);
        }
    }

    private void register(List<String> names) {
        try {
            for (String name : names) {
                if (context.client().nodes().withName(name).get() == null) {
                    context.client().nodes().resource(NodeRegistrar.node(name, pool, context.clock().instant()))
                            .create();
                }
            }
        } catch (RuntimeException e) {
            log.warn("node autoscaler could not add {}: {}", names, e.toString());
        } finally {
            scalingUp = false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
