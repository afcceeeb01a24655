package dev.saleday.localkube.node;

/** The container cannot be configured yet (a ConfigMap, Secret or key it needs is missing): CreateContainerConfigError. */
final class ContainerConfigException extends Exception {
    ContainerConfigException(String message) {
        super(message);
    }
}
