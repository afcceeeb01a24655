package dev.saleday.localkube.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.localkube.api.Json;
import dev.saleday.localkube.api.ResourceType;
import dev.saleday.localkube.api.ResourceTypes;
import dev.saleday.localkube.api.Store;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * ServiceAccount tokens as the TokenRequest API issues them: JWTs whose claims are Kubernetes' ({@code iss},
 * {@code sub system:serviceaccount:NS:NAME}, {@code aud}, {@code exp}, {@code kubernetes.io.serviceaccount}),
 * accepted while unexpired, meant for this API server's audience, and naming a ServiceAccount that still exists with
 * the same uid. Differs: signed with HS256 and a key of this server's life (Kubernetes signs with RS256 and a
 * configured key), so a token does not outlive the cluster.
 */
public final class ServiceAccountTokens {

    public static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    private static final ResourceType SERVICE_ACCOUNTS = ResourceTypes.require("", "serviceaccounts");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final Store store;
    private final Clock clock;
    private final byte[] key = new byte[32];

    public ServiceAccountTokens(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        new SecureRandom().nextBytes(key);
    }

    /** A signed token; the ServiceAccount must exist. */
    public String issue(String namespace, String name, List<String> audiences, long expirationSeconds) {
        ObjectNode account = store.require(SERVICE_ACCOUNTS, namespace, name);
        Instant now = clock.instant();
        ObjectNode claims = Json.object();
        var aud = claims.putArray("aud");
        (audiences.isEmpty() ? List.of(ISSUER) : audiences).forEach(aud::add);
        claims.put("exp", now.getEpochSecond() + expirationSeconds);
        claims.put("iat", now.getEpochSecond());
        claims.put("iss", ISSUER);
        claims.put("jti", UUID.randomUUID().toString());
        ObjectNode k8s = claims.putObject("kubernetes.io");
        k8s.put("namespace", namespace);
        ObjectNode sa = k8s.putObject("serviceaccount");
        sa.put("name", name);
        sa.put("uid", account.path("metadata").path("uid").asText());
        claims.put("nbf", now.getEpochSecond());
        claims.put("sub", UserInfo.SERVICE_ACCOUNT_PREFIX + namespace + ":" + name);
        String header = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = B64.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + B64.encodeToString(sign(header + "." + payload));
    }

    /** Whether {@code token} has a JWT's shape (three dot-separated parts): only those are ServiceAccount tokens. */
    public static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2 && token.startsWith("eyJ");
    }

    /** The ServiceAccount a valid token stands for; empty for a bad signature, an expired token or a gone account. */
    public Optional<UserInfo> authenticate(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
            if (!MessageDigest.isEqual(signature, sign(parts[0] + "." + parts[1]))) {
                return Optional.empty();
            }
            JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (claims.path("exp").asLong() <= clock.instant().getEpochSecond()) {
                return Optional.empty();
            }
            boolean forUs = false;
            for (JsonNode aud : claims.path("aud")) {
                forUs |= aud.asText().equals(ISSUER);
            }
            String namespace = claims.path("kubernetes.io").path("namespace").asText();
            String name = claims.path("kubernetes.io").path("serviceaccount").path("name").asText();
            String uid = claims.path("kubernetes.io").path("serviceaccount").path("uid").asText();
            Optional<ObjectNode> account = store.get(SERVICE_ACCOUNTS, namespace, name);
            if (!forUs || account.isEmpty() || !account.get().path("metadata").path("uid").asText().equals(uid)) {
                return Optional.empty();
            }
            return Optional.of(UserInfo.serviceAccount(namespace, name, uid));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
