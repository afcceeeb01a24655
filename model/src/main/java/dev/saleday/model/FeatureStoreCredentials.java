package dev.saleday.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The feature-store password from the Secret. It never leaves this class in clear: {@link #toString()} hides it,
 * and the only thing derived from it is a request-signing key, checked once at startup the way a real feature-store
 * client would authenticate (a wrong or empty password stops the pod before it is ready).
 */
public final class FeatureStoreCredentials {
    private final byte[] password;

    public FeatureStoreCredentials(String password) {
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Signs {@code message} with HMAC-SHA256 keyed by the password. If {@code expectedSha256Hex} is given
     * (env FEATURE_STORE_PASSWORD_SHA256, optional), the password must hash to it, else {@link ConfigException}.
     */
    public byte[] authenticate(String message, String expectedSha256Hex) {
        try {
            if (expectedSha256Hex != null && !expectedSha256Hex.isBlank()) {
                byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(password);
                if (!HexFormat.of().formatHex(digest).equalsIgnoreCase(expectedSha256Hex.trim())) {
                    throw new ConfigException("FEATURE_STORE_PASSWORD does not match FEATURE_STORE_PASSWORD_SHA256");
                }
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(password, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "FeatureStoreCredentials[****]";
    }
}
