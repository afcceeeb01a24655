package dev.saleday.localkube.api.auth;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests read as Kubernetes' RequestInfoFactory reads them, and rules matched as its RBAC authorizer does. */
class RequestAttributesTest {

    @Test
    void readsVerbResourceSubresourceAndNamespaceFromThePath() {
        assertThat(RequestAttributes.of("GET", "/api/v1/namespaces/shop/pods", Map.of()))
                .isEqualTo(new RequestAttributes(true, "list", "", "v1", "pods", "", "shop", "",
                        "/api/v1/namespaces/shop/pods"));
        assertThat(RequestAttributes.of("GET", "/api/v1/namespaces/shop/pods", Map.of("watch", "true")).verb())
                .isEqualTo("watch");
        RequestAttributes watchOne = RequestAttributes.of("GET", "/apis/apps/v1/namespaces/shop/deployments",
                Map.of("watch", "1", "fieldSelector", "metadata.name=recommendation"));
        assertThat(watchOne.verb() + " " + watchOne.apiGroup() + " " + watchOne.name())
                .isEqualTo("watch apps recommendation");
        RequestAttributes proxy = RequestAttributes.of("GET", "/api/v1/namespaces/shop/pods/web-1:9090/proxy/metrics",
                Map.of());
        assertThat(proxy.combinedResource() + " " + proxy.name() + " " + proxy.verb()).isEqualTo("pods/proxy web-1:9090 get");
        assertThat(RequestAttributes.of("POST", "/api/v1/namespaces/shop/pods/web-1/eviction", Map.of())
                .combinedResource()).isEqualTo("pods/eviction");
        assertThat(RequestAttributes.of("DELETE", "/api/v1/namespaces/shop/pods", Map.of()).verb())
                .isEqualTo("deletecollection");
        RequestAttributes namespace = RequestAttributes.of("GET", "/api/v1/namespaces/shop", Map.of());
        assertThat(namespace.resource() + " " + namespace.name() + " " + namespace.namespace() + " " + namespace.verb())
                .isEqualTo("namespaces shop shop get");
        assertThat(RequestAttributes.of("PATCH", "/api/v1/nodes/local-node-a", Map.of()).namespace()).isEmpty();
        assertThat(RequestAttributes.of("GET", "/apis/apps/v1", Map.of()).resourceRequest()).isFalse();
        assertThat(RequestAttributes.of("GET", "/version", Map.of()).path()).isEqualTo("/version");
    }

    @Test
    void forbiddenMessagesAreTheApiServers() {
        UserInfo sa = UserInfo.serviceAccount("shop", "saleday", "u");
        assertThat(RequestAttributes.of("GET", "/api/v1/namespaces/shop/secrets", Map.of()).forbiddenMessage(sa, ""))
                .isEqualTo("secrets is forbidden: User \"system:serviceaccount:shop:saleday\" cannot list resource "
                        + "\"secrets\" in API group \"\" in the namespace \"shop\"");
        assertThat(RequestAttributes.of("DELETE", "/api/v1/nodes/n1", Map.of()).forbiddenMessage(sa, ""))
                .isEqualTo("nodes \"n1\" is forbidden: User \"system:serviceaccount:shop:saleday\" cannot delete "
                        + "resource \"nodes\" in API group \"\" at the cluster scope");
        assertThat(RequestAttributes.of("GET", "/metrics", Map.of()).forbiddenMessage(sa, ""))
                .isEqualTo("forbidden: User \"system:serviceaccount:shop:saleday\" cannot get path \"/metrics\"");
    }

    @Test
    void rulesMatchAsKubernetesRbacDoes() {
        var json = dev.saleday.localkube.api.Json.MAPPER;
        var pods = json.createObjectNode();
        pods.putArray("apiGroups").add("");
        pods.putArray("resources").add("pods");
        pods.putArray("verbs").add("get").add("list");
        assertThat(RbacRules.allows(pods, RequestAttributes.resource("list", "", "pods", "", "shop", ""))).isTrue();
        assertThat(RbacRules.allows(pods, RequestAttributes.resource("get", "", "pods", "log", "shop", "p")))
                .as("pods does not cover pods/log").isFalse();
        assertThat(RbacRules.allows(pods, RequestAttributes.resource("list", "apps", "pods", "", "shop", "")))
                .isFalse();
        pods.putArray("resourceNames").add("p");
        assertThat(RbacRules.allows(pods, RequestAttributes.resource("get", "", "pods", "", "shop", "p"))).isTrue();
        assertThat(RbacRules.allows(pods, RequestAttributes.resource("list", "", "pods", "", "shop", "")))
                .as("resourceNames never allow a list").isFalse();
        var scale = json.createObjectNode();
        scale.putArray("apiGroups").add("*");
        scale.putArray("resources").add("*/scale");
        scale.putArray("verbs").add("*");
        assertThat(RbacRules.allows(scale, RequestAttributes.resource("patch", "apps", "deployments", "scale", "s", "d")))
                .isTrue();
        assertThat(RbacRules.allows(scale, RequestAttributes.resource("patch", "apps", "deployments", "", "s", "d")))
                .isFalse();
        var urls = json.createObjectNode();
        urls.putArray("nonResourceURLs").add("/apis/*");
        urls.putArray("verbs").add("get");
        assertThat(RbacRules.allows(urls, RequestAttributes.nonResource("get", "/apis/apps/v1"))).isTrue();
        assertThat(RbacRules.allows(urls, RequestAttributes.nonResource("get", "/api"))).isFalse();
    }
}
