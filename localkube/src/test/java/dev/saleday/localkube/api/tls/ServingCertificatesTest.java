package dev.saleday.localkube.api.tls;

import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CA and serving certificate an API server makes at start, as the JDK's own PKIX validation reads them. */
class ServingCertificatesTest {

    @Test
    void theServingCertificateIsTrustedThroughTheCaForLoopbackOnly() throws Exception {
        ServingCertificates certificates = ServingCertificates.generate(Instant.now());
        X509Certificate ca = certificates.ca();
        X509Certificate serving = certificates.serving();

        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);           // a CA
        assertThat(ca.getKeyUsage()[5]).isTrue();                                 // keyCertSign
        assertThat(serving.getBasicConstraints()).isEqualTo(-1);                  // not a CA
        assertThat(serving.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(serving.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(7, "127.0.0.1"), List.of(2, "localhost"));
        assertThat(serving.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(serving.getSubjectX500Principal().getName()).isEqualTo("CN=kube-apiserver");
        serving.checkValidity();
        assertThat(serving.getNotAfter().toInstant()).isAfter(Instant.now().plusSeconds(360L * 24 * 3600));
        assertThat(certificates.caPem()).startsWith("-----BEGIN CERTIFICATE-----\n")
                .endsWith("-----END CERTIFICATE-----\n");

        // PKIX, as a client trusting the kubeconfig's CA checks the server's chain
        trustManager(ca).checkServerTrusted(new X509Certificate[]{serving, ca}, "ECDHE_ECDSA");
        // and another start's CA does not vouch for it
        X509Certificate otherCa = ServingCertificates.generate(Instant.now()).ca();
        assertThatThrownBy(() -> trustManager(otherCa).checkServerTrusted(new X509Certificate[]{serving},
                "ECDHE_ECDSA")).isInstanceOf(CertificateException.class);
        assertThat(certificates.keyManager().getCertificateChain(
                certificates.keyManager().chooseEngineServerAlias("EC", null, null))).containsExactly(serving, ca);
    }

    /** A TLS handshake on loopback: a client trusting only the CA, checking the host name as HTTPS does. */
    @Test
    void aClientTrustingTheCaConnectsTo127001() throws Exception {
        ServingCertificates certificates = ServingCertificates.generate(Instant.now());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(new KeyManager[]{certificates.keyManager()}, null, null);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[]{trustManager(certificates.ca())}, null);
        try (SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listening.accept()) {
                    accepted.startHandshake();
                    accepted.getOutputStream().write("ok\n".getBytes(StandardCharsets.US_ASCII));
                    return accepted.getSession().getProtocol();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1",
                    listening.getLocalPort())) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(certificates.serving());
                assertThat(new String(socket.getInputStream().readNBytes(3), StandardCharsets.US_ASCII))
                        .isEqualTo("ok\n");
            }
            assertThat(served.get(10, TimeUnit.SECONDS)).startsWith("TLSv1.");
        }
    }

    private static X509TrustManager trustManager(X509Certificate ca) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }
}
