package dev.saleday.localkube.controllers;

import dev.saleday.localkube.NodePool;
import dev.saleday.localkube.controller.Controller;
import dev.saleday.localkube.controller.ControllerContext;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Registers the node slots ({@code local-node-a}, ...) as Node objects with the pool's capacity (allocatable equal to
 * it: nothing is reserved for system daemons), addresses and a Ready condition, as each kubelet registers its node.
 * Nodes already there (cordoned, say) are left as they are.
 */
public final class NodeRegistrar implements Controller {

    private final NodePool pool;
    private final List<String> names;

    /** @param names the nodes to register at start (the pool may add more later: {@link NodeAutoscaler}) */
    public NodeRegistrar(NodePool pool, List<String> names) {
        this.pool = pool;
        this.names = List.copyOf(names);
    }

    @Override
    public String name() {
        return "node-registrar";
    }

    @Override
    public void start(ControllerContext context) {
        for (String name : names) {
            if (context.client().nodes().withName(name).get() == null) {
                context.client().nodes().resource(node(name, pool, context.clock().instant())).create();
            }
        }
    }

    /** A Ready node of the pool's size, as a kubelet registers it. */
    static Node node(String name, NodePool pool, Instant at) {
        String now = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity(pool.cpuMillicoresPerNode() + "m"),
                "memory", new Quantity(Long.toString(pool.memoryBytesPerNode())),
                "pods", new Quantity(Integer.toString(pool.podsPerNode())));
        return new NodeBuilder()
                .withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name)
                .addToLabels("kubernetes.io/os", System.getProperty("os.name").toLowerCase().startsWith("mac")
                        ? "darwin" : "linux")
                .addToLabels("node.kubernetes.io/instance-type", "localkube")
                .endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus()
                .withCapacity(capacity).withAllocatable(capacity)
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("kubelet is posting ready status").withLastHeartbeatTime(now)
                .withLastTransitionTime(now).endCondition()
                .addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .withNewNodeInfo().withKubeletVersion("v1.32.0-saleday-localkube").withOperatingSystem("linux")
                .withArchitecture(System.getProperty("os.arch")).withContainerRuntimeVersion("localkube://process")
                .withOsImage(System.getProperty("os.name")).withKernelVersion(System.getProperty("os.version"))
                .withKubeProxyVersion("").withMachineID(name).withSystemUUID(name).withBootID(name)
                .endNodeInfo()
                .endStatus()
                .build();
    }

    @Override
    public void close() {
    }
}
