package dev.saleday.localkube.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Writes core/v1 Events about an object, as a real control plane does. Never throws: events are best effort. */
public interface EventRecorder {

    /**
     * @param involved the object the event is about
     * @param type     {@code Normal} or {@code Warning}
     * @param reason   CamelCase reason, e.g. {@code Scheduled}, {@code SuccessfulCreate}
     * @param message  a human-readable sentence
     */
    void record(HasMetadata involved, String type, String reason, String message);
}
