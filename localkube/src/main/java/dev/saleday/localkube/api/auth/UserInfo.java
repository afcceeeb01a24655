package dev.saleday.localkube.api.auth;

import java.util.List;

/**
 * Who made a request, as Kubernetes' authenticators describe a user.
 *
 * @param name   {@code kubernetes-admin}, or {@code system:serviceaccount:NS:NAME} for a ServiceAccount token
 * @param uid    the ServiceAccount's uid, empty for the admin
 * @param groups the user's groups ({@code system:masters} for the admin; {@code system:serviceaccounts},
 *               {@code system:serviceaccounts:NS} for a ServiceAccount); both carry {@code system:authenticated}
 */
public record UserInfo(String name, String uid, List<String> groups) {

    public static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
    public static final String MASTERS = "system:masters";

    /** The kubeconfig's user: cluster-admin, as localkube has always served it. */
    public static final UserInfo ADMIN = new UserInfo("kubernetes-admin", "",
            List.of(MASTERS, "system:authenticated"));

    public static UserInfo serviceAccount(String namespace, String name, String uid) {
        return new UserInfo(SERVICE_ACCOUNT_PREFIX + namespace + ":" + name, uid,
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated"));
    }

    public boolean isServiceAccount() {
        return name.startsWith(SERVICE_ACCOUNT_PREFIX);
    }

    public boolean isPrivileged() {
        return groups.contains(MASTERS);
    }
}
