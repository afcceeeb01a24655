package dev.saleday.localkube.controllers;

import dev.saleday.localkube.controller.Controller;
import dev.saleday.localkube.controller.ControllerContext;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.Map;

/**
 * Registers the node slots ({@code local-node-a}, ...) as Node objects with capacity, addresses and a Ready
 * condition, as each kubelet registers its node. Nodes already there (cordoned, say) are left as they are.
 */
public final class NodeRegistrar implements Controller {

    private final int cpuCores;
    private final String memory;

    /** @param cpuCores capacity advertised per node (informational: the scheduler spreads by pod count) */
    public NodeRegistrar(int cpuCores, String memory) {
        if (cpuCores < 1) {
            throw new IllegalArgumentException("cpuCores must be >= 1, got " + cpuCores);
        }
        this.cpuCores = cpuCores;
        this.memory = memory;
    }

    @Override
    public String name() {
        return "node-registrar";
    }

    @Override
    public void start(ControllerContext context) {
        String now = context.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        for (String name : context.nodeNames()) {
            if (context.client().nodes().withName(name).get() != null) {
                continue;
            }
            Map<String, Quantity> capacity = Map.of("cpu", new Quantity(Integer.toString(cpuCores)),
                    "memory", new Quantity(memory), "pods", new Quantity("110"));
            Node node = new NodeBuilder()
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
                    .withMessage("localkube kubelet is posting ready status").withLastHeartbeatTime(now)
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
            context.client().nodes().resource(node).create();
        }
    }

    @Override
    public void close() {
    }
}
