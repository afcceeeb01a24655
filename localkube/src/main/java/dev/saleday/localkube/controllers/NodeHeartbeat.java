package dev.saleday.localkube.controllers;

import dev.saleday.localkube.controller.Controller;
import dev.saleday.localkube.controller.ControllerContext;
import dev.saleday.localkube.controller.NodeFailure;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What each node's kubelet does to say it is alive: renews the Lease {@code kube-node-lease/<node>} (40 s duration,
 * renewed every quarter of it, as the kubelet's node lease controller) and, when it comes back after a failure,
 * posts Ready=True. A failed node ({@link NodeFailure}) renews nothing: the node lifecycle controller notices.
 */
public final class NodeHeartbeat implements Controller {

    public static final String LEASE_NAMESPACE = "kube-node-lease";
    private static final int LEASE_DURATION_SECONDS = 40;

    private final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);
    private final Duration renewInterval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "localkube-node-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private ControllerContext context;

    public NodeHeartbeat(Duration renewInterval) {
        this.renewInterval = renewInterval;
    }

    @Override
    public String name() {
        return "node-heartbeat";
    }

    @Override
    public void start(ControllerContext context) {
        this.context = context;
        if (context.client().namespaces().withName(LEASE_NAMESPACE).get() == null) {
            context.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(LEASE_NAMESPACE)
                    .endMetadata().build()).create();
        }
        renewAll();
        timer.scheduleAtFixedRate(this::renewAll, renewInterval.toMillis(), renewInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void renewAll() {
        try {
            for (Node node : context.client().nodes().list().getItems()) {
                if (!NodeFailure.failed(node)) {
                    renew(node);
                }
            }
        } catch (KubernetesClientException e) {
            log.debug("node heartbeat: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("node heartbeat failed: {}", e.toString());
        }
    }

    private void renew(Node node) {
        String name = node.getMetadata().getName();
        ZonedDateTime now = ZonedDateTime.ofInstant(context.clock().instant(), ZoneOffset.UTC);
        var leases = context.client().leases().inNamespace(LEASE_NAMESPACE);
        Lease lease = leases.withName(name).get();
        if (lease == null) {
            leases.resource(new LeaseBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                    .withHolderIdentity(name).withLeaseDurationSeconds(LEASE_DURATION_SECONDS).withRenewTime(now)
                    .endSpec().build()).create();
        } else {
            lease.getSpec().setRenewTime(now);
            leases.resource(lease).update();
        }
        if (!NodeFit.ready(node)) {
            String at = context.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            context.client().nodes().withName(name).editStatus(n -> {
                for (NodeCondition c : n.getStatus().getConditions()) {
                    if ("Ready".equals(c.getType())) {
                        c.setStatus("True");
                        c.setReason("KubeletReady");
                        c.setMessage("kubelet is posting ready status");
                        c.setLastHeartbeatTime(at);
                        c.setLastTransitionTime(at);
                    }
                }
                return n;
            });
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
