package dev.saleday.localkube.api.auth;

/**
 * An authorizer's answer.
 *
 * @param reason why ({@code RBAC: allowed by RoleBinding "saleday/shop" of Role "saleday" to ServiceAccount
 *               "saleday/shop"}); for a refusal, empty or the errors met on the way ({@code RBAC: role... not found})
 */
public record Decision(boolean allowed, String reason) {
}
