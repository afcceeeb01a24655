package dev.saleday.cli.run;

import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.localkube.NodePool;
import dev.saleday.plan.LocalNodes;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanDefaults;
import dev.saleday.plan.Target;
import dev.saleday.localkube.LocalKube;
import dev.saleday.localkube.LocalKubeConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The embedded cluster: started for the run, the plan's manifests applied, stopped (pods and all) at the end. */
public final class LocalClusterSession implements ClusterSession {


    private final LocalKube kube;
    private final Target target;
    private final QuickJitWhileHosting jit;

    private LocalClusterSession(LocalKube kube, Target target, QuickJitWhileHosting jit) {
        this.kube = kube;
        this.target = target;
        this.jit = jit;
    }

    /**
     * Starts localkube (its work dir, pod logs included, under {@code workDir}), applies the manifests and waits for
     * the target Deployment to be ready.
     */
    static LocalClusterSession start(Plan plan, Path workDir, Duration readyTimeout, PrintWriter out) {
        Target target = plan.target();
        Path manifests = Path.of(target.manifests());
        if (!Files.exists(manifests)) {
            throw new InvalidInputException("target.manifests " + manifests + " does not exist");
        }
        // from before the cluster's start: its own start-up is where C2 compiled most
        QuickJitWhileHosting jit = QuickJitWhileHosting.start();
        LocalKube kube;
        try {
            kube = LocalKube.start(config(target.nodes()).withWorkDir(workDir));
        } catch (RuntimeException e) {
            jit.close();
            throw e;
        }
        try {
            out.println("cluster: embedded cluster at " + kube.secureApiUrl() + " (context " + PlanDefaults.LOCAL_CONTEXT
                    + (kube.kernelCpuLimits() ? "; pod CPU limits as the kernel's CFS quotas"
                            : "; pod CPU limits not held by the kernel (no writable cgroup v1 cpu controller, or -D"
                            + LocalKubeConfig.KERNEL_CPU_LIMITS_PROPERTY + "=false)")
                    + (jit.c1Only() ? "; this JVM's JIT C1 only while it hosts it" : "") + "); applying " + manifests);
            out.flush();
            kube.apply(manifests);
            kube.awaitDeploymentReady(target.namespace(), target.deployment(), readyTimeout);
            return new LocalClusterSession(kube, target, jit);
        } catch (RuntimeException e) {
            kube.close();
            jit.close();
            throw e;
        }
    }

    /**
     * Refuses a bad {@code -Dsaleday.localkube.cgroupCpuLimits} of a plan on the embedded cluster, before anything is
     * touched (exit 2).
     */
    public static void checkOptions(Plan plan) {
        if (plan.target() == null || plan.target().cluster() != Target.ClusterKind.LOCAL) {
            return;
        }
        try {
            LocalKubeConfig.kernelCpuLimits();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }

    /** The cluster's nodes as the plan's {@code target.nodes} has them (localkube's defaults when absent). */
    static LocalKubeConfig config(LocalNodes nodes) {
        LocalKubeConfig defaults = LocalKubeConfig.defaults();
        if (nodes == null) {
            return defaults;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < nodes.count(); i++) {
            names.add("local-node-" + (char) ('a' + i));
        }
        NodePool pool = defaults.nodePool().withCapacity(nodes.cpuMillicores(), nodes.memoryMiB() << 20)
                .withNodeMonitorGracePeriod(nodes.monitorGracePeriod());
        if (nodes.grows()) {
            pool = pool.withAutoscaling(nodes.maxCount(), nodes.scaleUpDelay());
        }
        return defaults.withNodeNames(names).withNodePool(pool);
    }

    @Override
    public KubernetesClient client() {
        return kube.client();
    }

    @Override
    public String context() {
        return PlanDefaults.LOCAL_CONTEXT;
    }

    @Override
    public URI targetUrl() {
        return target.url() != null ? target.url() : kube.serviceUrl(target.namespace(), target.service());
    }

    @Override
    public void close() {
        kube.close();
        jit.close();
    }
}
