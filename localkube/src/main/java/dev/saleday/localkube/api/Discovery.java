package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The discovery documents kubectl and fabric8 read before anything else: /version, /api, /apis and each group. */
final class Discovery {

    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    private Discovery() {
    }

    static Optional<ObjectNode> answer(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/version")) {
            ObjectNode version = Json.object();
            version.put("major", "1");
            version.put("minor", "32");
            version.put("gitVersion", "v1.32.0-saleday-localkube");
            version.put("gitCommit", "localkube");
            version.put("gitTreeState", "clean");
            version.put("buildDate", "2026-01-01T00:00:00Z");
            version.put("goVersion", "java" + Runtime.version().feature());
            version.put("compiler", "javac");
            version.put("platform", "linux/amd64");
            return Optional.of(version);
        }
        if (p.equals("/api")) {
            ObjectNode versions = Json.object();
            versions.put("kind", "APIVersions");
            versions.putArray("versions").add("v1");
            ObjectNode address = versions.putArray("serverAddressByClientCIDRs").addObject();
            address.put("clientCIDR", "0.0.0.0/0");
            address.put("serverAddress", "127.0.0.1");
            return Optional.of(versions);
        }
        if (p.equals("/apis")) {
            ObjectNode list = Json.object();
            list.put("kind", "APIGroupList");
            list.put("apiVersion", "v1");
            ArrayNode groups = list.putArray("groups");
            for (Map.Entry<String, List<String>> g : ResourceTypes.groups().entrySet()) {
                if (!g.getKey().isEmpty()) {
                    groups.add(group(g.getKey(), g.getValue()));
                }
            }
            groups.add(MetricsApi.group());
            return Optional.of(list);
        }
        if (p.equals("/api/v1")) {
            return Optional.of(resources("", "v1"));
        }
        String[] s = p.split("/");
        if (s.length == 3 && s[1].equals("apis") && ResourceTypes.groups().containsKey(s[2]) && !s[2].isEmpty()) {
            return Optional.of(group(s[2], ResourceTypes.groups().get(s[2])));
        }
        if (s.length == 4 && s[1].equals("apis") && ResourceTypes.groups().getOrDefault(s[2], List.of()).contains(s[3])) {
            return Optional.of(resources(s[2], s[3]));
        }
        return Optional.empty();
    }

    private static ObjectNode group(String name, List<String> versions) {
        ObjectNode group = Json.object();
        group.put("kind", "APIGroup");
        group.put("apiVersion", "v1");
        group.put("name", name);
        ArrayNode array = group.putArray("versions");
        for (String v : versions) {
            ObjectNode version = array.addObject();
            version.put("groupVersion", name + "/" + v);
            version.put("version", v);
        }
        ObjectNode preferred = group.putObject("preferredVersion");
        preferred.put("groupVersion", name + "/" + versions.get(0));
        preferred.put("version", versions.get(0));
        return group;
    }

    private static ObjectNode resources(String group, String version) {
        ObjectNode list = Json.object();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = list.putArray("resources");
        for (ResourceType type : ResourceTypes.all()) {
            if (!type.group().equals(group) || !type.version().equals(version)) {
                continue;
            }
            ObjectNode r = resources.addObject();
            r.put("name", type.plural());
            r.put("singularName", type.singular());
            r.put("namespaced", type.namespaced());
            r.put("kind", type.kind());
            VERBS.forEach(r.putArray("verbs")::add);
            if (!type.shortNames().isEmpty()) {
                type.shortNames().forEach(r.putArray("shortNames")::add);
            }
            for (String sub : type.subresources()) {
                ObjectNode s = resources.addObject();
                s.put("name", type.plural() + "/" + sub);
                s.put("singularName", "");
                s.put("namespaced", type.namespaced());
                switch (sub) {
                    case "scale" -> {
                        s.put("group", "autoscaling");
                        s.put("version", "v1");
                        s.put("kind", "Scale");
                        List.of("get", "patch", "update").forEach(s.putArray("verbs")::add);
                    }
                    case "eviction" -> {
                        s.put("group", "policy");
                        s.put("version", "v1");
                        s.put("kind", "Eviction");
                        s.putArray("verbs").add("create");
                    }
                    case "binding" -> {
                        s.put("kind", "Binding");
                        s.putArray("verbs").add("create");
                    }
                    case "proxy" -> {
                        s.put("kind", type.kind() + "ProxyOptions");
                        List.of("create", "delete", "get", "patch", "update").forEach(s.putArray("verbs")::add);
                    }
                    case "log" -> {
                        s.put("kind", "Pod");
                        s.putArray("verbs").add("get");
                    }
                    default -> {
                        s.put("kind", type.kind());
                        List.of("get", "patch", "update").forEach(s.putArray("verbs")::add);
                    }
                }
            }
        }
        return list;
    }
}
