package dev.saleday.localkube.discovery;

import dev.saleday.localkube.testing.ControlPlane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Raw HTTP, as kubectl sees the server: discovery documents and 404 for what is not served. */
@ExtendWith(ControlPlane.class)
class ApiSurfaceTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void discoveryIsServed(ControlPlane cluster) throws Exception {
        assertThat(get(cluster, "/version").body()).contains("\"major\":\"1\"");
        assertThat(get(cluster, "/api").body()).contains("\"APIVersions\"");
        assertThat(get(cluster, "/apis").body()).contains("\"apps\"", "\"autoscaling\"", "\"policy\"");
        assertThat(get(cluster, "/apis/apps/v1").body()).contains("\"deployments/scale\"");
        assertThat(get(cluster, "/api/v1").body()).contains("\"pods/eviction\"");
    }

    @Test
    void unknownPathsAndSubresourcesAre404(ControlPlane cluster) throws Exception {
        assertThat(get(cluster, "/api/v1/namespaces/default/pods/x/log").statusCode()).isEqualTo(404);
        assertThat(get(cluster, "/api/v1/namespaces/default/pods/x/exec").statusCode()).isEqualTo(404);
        assertThat(get(cluster, "/api/v1/namespaces/default/widgets").statusCode()).isEqualTo(404);
        assertThat(get(cluster, "/apis/nope/v1").statusCode()).isEqualTo(404);
        HttpResponse<String> missing = get(cluster, "/api/v1/namespaces/default/pods/does-not-exist");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"reason\":\"NotFound\"");
    }

    @Test
    void badSelectorsAre400(ControlPlane cluster) throws Exception {
        assertThat(get(cluster, "/api/v1/pods?labelSelector=app%20in%20web").statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> get(ControlPlane cluster, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(cluster.kube().apiUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
