package dev.saleday.localkube.api;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the kubelet measured of a running pod, served as {@code metrics.k8s.io/v1beta1}: CPU averaged over the
 * metrics window (the same figure the HPA reads) and resident memory now.
 */
public interface ResourceUsage {

    ResourceUsage NONE = new ResourceUsage() {
        @Override
        public OptionalDouble cpuMillicores(String namespace, String pod) {
            return OptionalDouble.empty();
        }

        @Override
        public OptionalLong memoryBytes(String namespace, String pod) {
            return OptionalLong.empty();
        }
    };

    /** @return empty when the pod is not running here or not measured for long enough yet */
    OptionalDouble cpuMillicores(String namespace, String pod);

    /** @return the resident memory of the pod's processes, empty when unknown */
    OptionalLong memoryBytes(String namespace, String pod);

    /** The length of the window CPU is averaged over, in seconds, as metrics-server reports {@code window}. */
    default long windowSeconds() {
        return 15;
    }
}
