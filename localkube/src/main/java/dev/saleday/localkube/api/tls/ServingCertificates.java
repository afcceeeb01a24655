package dev.saleday.localkube.api.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * The certificates of an API server's HTTPS port, made at start as a cluster's bootstrap does: a self-signed CA
 * ({@code localkube-ca}, the kubeconfig's {@code certificate-authority-data}) and a serving certificate it signs for
 * {@code 127.0.0.1} and {@code localhost} ({@code kube-apiserver}, extended key usage serverAuth). ECDSA P-256 keys,
 * SHA-256 signatures, valid for a year; the keys live in memory only, for the server's life. Built with the JDK's own
 * key and signature classes (it has no public certificate builder), encoded in DER by {@link Der}.
 *
 * @param ca      the CA's certificate
 * @param serving the serving certificate, signed by the CA
 * @param key     the serving certificate's private key
 */
public record ServingCertificates(X509Certificate ca, X509Certificate serving, PrivateKey key) {

    private static final String ALIAS = "kube-apiserver";
    private static final String EC_SHA256 = "1.2.840.10045.4.3.2";
    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new CA and serving certificate, valid from an hour ago (clock skew) for a year. */
    public static ServingCertificates generate(Instant now) {
        try {
            KeyPair caKeys = ecKeys();
            KeyPair servingKeys = ecKeys();
            byte[] caName = name("localkube-ca");
            byte[] caCert = certificate(caName, caName, caKeys, caKeys.getPrivate(), now,
                    extension("2.5.29.19", true, Der.sequence(Der.bool(true))),               // basicConstraints CA
                    extension("2.5.29.15", true, Der.bitString(1, new byte[]{(byte) 0x86})));  // digitalSignature, keyCertSign, cRLSign
            byte[] servingCert = certificate(caName, name("kube-apiserver"), servingKeys, caKeys.getPrivate(), now,
                    extension("2.5.29.19", true, Der.sequence()),                               // not a CA
                    extension("2.5.29.15", true, Der.bitString(7, new byte[]{(byte) 0x80})),   // digitalSignature
                    extension("2.5.29.37", false, Der.sequence(Der.oid("1.3.6.1.5.5.7.3.1"))), // serverAuth
                    extension("2.5.29.17", false, Der.sequence(                                 // subjectAltName
                            Der.tagged(7, false, new byte[]{127, 0, 0, 1}),
                            Der.tagged(2, false, "localhost".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))));
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate ca = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(caCert));
            X509Certificate serving = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(servingCert));
            serving.verify(ca.getPublicKey());
            return new ServingCertificates(ca, serving, servingKeys.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the API server's certificates: " + e.getMessage(), e);
        }
    }

    /** The CA's certificate in PEM, as a kubeconfig's {@code certificate-authority-data} holds it (base64 of this). */
    public String caPem() {
        try {
            return pem(ca.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The serving key and its chain (serving certificate, then the CA), for the server's TLS. Held as they are: a
     * key store would encrypt the key with a password-derived key, 70 ms of CPU at each start for nothing.
     */
    public X509ExtendedKeyManager keyManager() {
        X509Certificate[] chain = {serving, ca};
        return new X509ExtendedKeyManager() {
            @Override
            public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
                return ALIAS;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return ALIAS;
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return new String[]{ALIAS};
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return ALIAS.equals(alias) ? chain.clone() : null;
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return ALIAS.equals(alias) ? key : null;
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[0];
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return null;
            }
        };
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static byte[] certificate(byte[] issuer, byte[] subject, KeyPair subjectKeys, PrivateKey signer,
                                      Instant now, byte[]... extensions) throws GeneralSecurityException {
        byte[] serial = new byte[16];
        RANDOM.nextBytes(serial);
        serial[0] = (byte) ((serial[0] & 0x7f) | 0x40);
        byte[] algorithm = Der.sequence(Der.oid(EC_SHA256));
        byte[] tbs = Der.sequence(
                Der.tagged(0, true, Der.integer(BigInteger.TWO)),   // v3
                Der.integer(new BigInteger(serial)),
                algorithm,
                issuer,
                Der.sequence(Der.utcTime(UTC_TIME.format(now.minus(Duration.ofHours(1)))),
                        Der.utcTime(UTC_TIME.format(now.plus(VALIDITY)))),
                subject,
                subjectKeys.getPublic().getEncoded(),                // SubjectPublicKeyInfo
                Der.tagged(3, true, Der.sequence(extensions)));
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(signer, RANDOM);
        signature.update(tbs);
        return Der.sequence(tbs, algorithm, Der.bitString(0, signature.sign()));
    }

    private static byte[] name(String commonName) {
        return Der.sequence(Der.tlv(Der.SET, Der.sequence(Der.oid("2.5.4.3"), Der.utf8(commonName))));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }
}
