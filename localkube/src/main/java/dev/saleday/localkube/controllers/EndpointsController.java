package dev.saleday.localkube.controllers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Service -> Endpoints and one EndpointSlice, from the pods its selector picks: ready pods as addresses, the rest as
 * notReadyAddresses (in the slice: ready=false); terminating pods leave Endpoints at once (in the slice they stay
 * with terminating=true, serving=ready). Ports are the Service's targetPorts, names resolved from each pod's
 * containerPorts; pods that resolve the ports differently get subsets of their own.
 */
public final class EndpointsController extends Reconciler {

    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Endpoints> endpoints;
    private SharedIndexInformer<EndpointSlice> slices;

    @Override
    public String name() {
        return "endpoints";
    }

    @Override
    protected void startInformers() {
        services = informer(context.client().services().inAnyNamespace().runnableInformer(0), s -> List.of(key(s)));
        pods = informer(context.client().pods().inAnyNamespace().runnableInformer(0), this::servicesOf);
        endpoints = informer(context.client().endpoints().inAnyNamespace().runnableInformer(0), e -> List.of(key(e)));
        slices = informer(context.client().discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0),
                s -> List.of());
    }

    private List<String> servicesOf(Pod pod) {
        if (services == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        for (Service service : services.getStore().list()) {
            if (service.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace()) && selects(service, pod)) {
                keys.add(key(service));
            }
        }
        return keys;
    }

    private static boolean selects(Service service, Pod pod) {
        Map<String, String> selector = service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return false;
        }
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        return labels.entrySet().containsAll(selector.entrySet());
    }

    @Override
    protected Optional<Duration> reconcile(String key) {
        Service service = services.getStore().getByKey(key);
        if (service == null) {
            Endpoints stale = endpoints.getStore().getByKey(key);
            if (stale != null) {
                context.client().endpoints().inNamespace(stale.getMetadata().getNamespace())
                        .withName(stale.getMetadata().getName()).delete();
            }
            return Optional.empty();
        }
        Map<String, String> selector = service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return Optional.empty(); // Endpoints of a selector-less Service are the user's
        }
        List<Pod> selected = new ArrayList<>();
        for (Pod pod : pods.getStore().list()) {
            if (service.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace()) && selects(service, pod)
                    && pod.getStatus() != null && pod.getStatus().getPodIP() != null && !Pods.isTerminal(pod)) {
                selected.add(pod);
            }
        }
        selected.sort(Comparator.comparing(p -> p.getMetadata().getName()));
        writeEndpoints(service, selected);
        writeSlice(service, selected);
        return Optional.empty();
    }

    private void writeEndpoints(Service service, List<Pod> selected) {
        Map<List<EndpointPort>, EndpointSubsetBuilder> subsets = new LinkedHashMap<>();
        for (Pod pod : selected) {
            if (Pods.isTerminating(pod)) {
                continue;
            }
            List<EndpointPort> ports = new ArrayList<>();
            for (ServicePort sp : service.getSpec().getPorts()) {
                resolve(sp.getTargetPort(), sp.getPort(), pod).ifPresent(port -> ports.add(new EndpointPortBuilder()
                        .withName(sp.getName()).withPort(port).withProtocol(sp.getProtocol()).build()));
            }
            EndpointSubsetBuilder subset = subsets.computeIfAbsent(ports, p -> new EndpointSubsetBuilder().withPorts(p));
            EndpointAddress address = new EndpointAddressBuilder().withIp(pod.getStatus().getPodIP())
                    .withNodeName(pod.getSpec().getNodeName())
                    .withNewTargetRef().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endTargetRef().build();
            if (Pods.isReady(pod)) {
                subset.addToAddresses(address);
            } else {
                subset.addToNotReadyAddresses(address);
            }
        }
        List<EndpointSubset> wanted = subsets.values().stream().map(EndpointSubsetBuilder::build).toList();
        String namespace = service.getMetadata().getNamespace();
        Endpoints current = endpoints.getStore().getByKey(key(service));
        if (current == null) {
            context.client().endpoints().inNamespace(namespace).resource(new EndpointsBuilder().withNewMetadata()
                    .withName(service.getMetadata().getName()).withNamespace(namespace)
                    .withLabels(service.getMetadata().getLabels()).endMetadata().withSubsets(wanted).build()).create();
        } else if (!Objects.equals(normalize(current.getSubsets()), normalize(wanted))) {
            context.client().endpoints().inNamespace(namespace).resource(new EndpointsBuilder(current)
                    .withSubsets(wanted).build()).update();
        }
    }

    private static List<EndpointSubset> normalize(List<EndpointSubset> subsets) {
        List<EndpointSubset> out = new ArrayList<>();
        if (subsets != null) {
            for (EndpointSubset s : subsets) {
                out.add(new EndpointSubsetBuilder(s)
                        .withAddresses(s.getAddresses() == null || s.getAddresses().isEmpty() ? null : s.getAddresses())
                        .withNotReadyAddresses(s.getNotReadyAddresses() == null || s.getNotReadyAddresses().isEmpty()
                                ? null : s.getNotReadyAddresses()).build());
            }
        }
        return out;
    }

    private void writeSlice(Service service, List<Pod> selected) {
        String namespace = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        List<io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort> ports = new ArrayList<>();
        for (ServicePort sp : service.getSpec().getPorts()) {
            Integer port = selected.isEmpty() ? null : resolve(sp.getTargetPort(), sp.getPort(), selected.get(0)).orElse(null);
            ports.add(new io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder().withName(sp.getName())
                    .withPort(port).withProtocol(sp.getProtocol()).build());
        }
        List<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint> wanted = new ArrayList<>();
        for (Pod pod : selected) {
            boolean terminating = Pods.isTerminating(pod);
            boolean ready = Pods.isReady(pod);
            wanted.add(new EndpointBuilder().withAddresses(pod.getStatus().getPodIP())
                    .withNewConditions().withReady(ready && !terminating).withServing(ready).withTerminating(terminating)
                    .endConditions()
                    .withNodeName(pod.getSpec().getNodeName())
                    .withNewTargetRef().withKind("Pod").withNamespace(namespace).withName(pod.getMetadata().getName())
                    .withUid(pod.getMetadata().getUid()).endTargetRef().build());
        }
        EndpointSlice current = slices.getStore().list().stream()
                .filter(s -> namespace.equals(s.getMetadata().getNamespace()) && s.getMetadata().getLabels() != null
                        && name.equals(s.getMetadata().getLabels().get("kubernetes.io/service-name")))
                .findFirst().orElse(null);
        if (current == null) {
            context.client().discovery().v1().endpointSlices().inNamespace(namespace).resource(new EndpointSliceBuilder()
                    .withNewMetadata().withGenerateName(name + "-").withNamespace(namespace)
                    .addToLabels("kubernetes.io/service-name", name)
                    .addToLabels("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Service")
                            .withName(name).withUid(service.getMetadata().getUid()).withController(true)
                            .withBlockOwnerDeletion(true).build())
                    .endMetadata()
                    .withAddressType("IPv4").withEndpoints(wanted).withPorts(ports).build()).create();
        } else if (!Objects.equals(current.getEndpoints(), wanted) || !Objects.equals(current.getPorts(), ports)) {
            context.client().discovery().v1().endpointSlices().inNamespace(namespace).resource(
                    new EndpointSliceBuilder(current).withEndpoints(wanted).withPorts(ports).build()).update();
        }
    }

    /** A targetPort as a number: itself, or the pod's containerPort of that name. */
    static Optional<Integer> resolve(IntOrString target, Integer servicePort, Pod pod) {
        if (target == null) {
            return Optional.ofNullable(servicePort);
        }
        if (target.getIntVal() != null) {
            return Optional.of(target.getIntVal());
        }
        for (Container container : pod.getSpec().getContainers()) {
            if (container.getPorts() == null) {
                continue;
            }
            for (ContainerPort port : container.getPorts()) {
                if (target.getStrVal().equals(port.getName())) {
                    return Optional.of(port.getContainerPort());
                }
            }
        }
        return Optional.empty();
    }
}
