package dev.saleday.simulations;

import java.lang.management.ManagementFactory;

/** The injector host's CPU load, 0..1, or -1 where the JVM cannot tell. */
final class HostCpu {

    private final com.sun.management.OperatingSystemMXBean os;

    HostCpu() {
        java.lang.management.OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        this.os = bean instanceof com.sun.management.OperatingSystemMXBean sun ? sun : null;
    }

    /** @return the whole host's recent CPU load (all processes, not only this JVM): the target may share it */
    double load() {
        if (os == null) {
            return -1;
        }
        double load = os.getCpuLoad();
        return Double.isNaN(load) || load < 0 ? -1 : Math.round(load * 1000) / 1000.0;
    }
}
