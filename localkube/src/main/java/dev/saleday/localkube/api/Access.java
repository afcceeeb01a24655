package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.localkube.api.auth.AccessReviews;
import dev.saleday.localkube.api.auth.AuditLog;
import dev.saleday.localkube.api.auth.Decision;
import dev.saleday.localkube.api.auth.RbacAuthorizer;
import dev.saleday.localkube.api.auth.RequestAttributes;
import dev.saleday.localkube.api.auth.ServiceAccountTokens;
import dev.saleday.localkube.api.auth.UserInfo;
import io.vertx.core.http.HttpServerRequest;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who may do what, in front of every route: the bearer token read as Kubernetes' authenticators do (a ServiceAccount
 * token, a JWT, must be valid or the answer is 401; no token or any other token is the kubeconfig's admin, a member
 * of {@code system:masters}, as localkube has always served it), then the request authorised by
 * {@link RbacAuthorizer} (403 with the API server's message) and recorded in the {@link AuditLog}. Also answers the
 * access reviews and TokenRequests, which depend on who asks.
 */
final class Access {

    private static final Pattern TOKEN_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/serviceaccounts/([^/]+)/token");

    private final RbacAuthorizer rbac;
    private final ServiceAccountTokens tokens;
    private final AccessReviews reviews;
    private final AuditLog audit;

    Access(Store store, Clock clock, AuditLog audit) {
        this.rbac = new RbacAuthorizer(store);
        this.tokens = new ServiceAccountTokens(store, clock);
        this.reviews = new AccessReviews(rbac, tokens, clock);
        this.audit = audit;
    }

    AuditLog audit() {
        return audit;
    }

    /**
     * Authenticates and authorises {@code request}; answers it itself when it is refused (401, 403) or is an
     * access review or TokenRequest.
     *
     * @return true when the caller should serve the request
     */
    boolean admit(HttpServerRequest request) {
        Optional<UserInfo> authenticated = authenticate(request.getHeader("Authorization"));
        if (authenticated.isEmpty()) {
            respond(request, 401, Status.failure(401, "Unauthorized", "Unauthorized"));
            return false;
        }
        Optional<UserInfo> user = impersonate(request, authenticated.get());
        if (user == null) {
            return false;
        }
        Map<String, String> query = new HashMap<>();
        request.params().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
        RequestAttributes attributes = RequestAttributes.of(request.method().name(), request.path(), query);
        Decision decision = rbac.authorize(user.get(), attributes);
        audit.record(user.get(), attributes, request.uri(), decision);
        if (!decision.allowed()) {
            ObjectNode status = Status.failure(403, "Forbidden",
                    attributes.forbiddenMessage(user.get(), decision.reason()));
            if (attributes.resourceRequest()) {
                ObjectNode details = status.putObject("details");
                if (!attributes.name().isEmpty()) {
                    details.put("name", attributes.name());
                }
                if (!attributes.apiGroup().isEmpty()) {
                    details.put("group", attributes.apiGroup());
                }
                details.put("kind", attributes.resource());
            }
            respond(request, 403, status);
            return false;
        }
        String path = request.path();
        Matcher token = TOKEN_PATH.matcher(path);
        boolean review = path.equals(AccessReviews.ACCESS_REVIEWS) || path.equals(AccessReviews.RULES_REVIEWS);
        if (!review && !token.matches()) {
            return true;
        }
        if (!request.method().name().equals("POST")) {
            respond(request, 405, Status.failure(405, "MethodNotAllowed", "the server does not allow this method on "
                    + "the requested resource"));
            return false;
        }
        request.body().onSuccess(buffer -> {
            try {
                ObjectNode body = ProtobufBodies.isProtobuf(request.getHeader("Content-Type"))
                        ? ProtobufBodies.toJson(buffer.getBytes()) : Json.parseObject(buffer.toString());
                ObjectNode answer;
                if (path.equals(AccessReviews.ACCESS_REVIEWS)) {
                    answer = reviews.accessReview(user.get(), body);
                } else if (path.equals(AccessReviews.RULES_REVIEWS)) {
                    answer = reviews.rulesReview(user.get(), body);
                } else {
                    answer = reviews.tokenRequest(token.group(1), token.group(2), body);
                }
                respond(request, 201, answer);
            } catch (ApiException e) {
                respond(request, e.code(), Status.failure(e.code(), e.reason(), e.getMessage()));
            } catch (RuntimeException e) {
                respond(request, 400, Status.failure(400, "BadRequest", String.valueOf(e.getMessage())));
            }
        });
        return false;
    }

    /**
     * The user named by {@code Impersonate-User} ({@code kubectl --as}) when the requester may impersonate it
     * (verb {@code impersonate} on {@code serviceaccounts} or {@code users}), as the API server's impersonation
     * filter does; the requester when there is no such header; null when refused (403 written).
     */
    private Optional<UserInfo> impersonate(HttpServerRequest request, UserInfo requester) {
        String as = request.getHeader("Impersonate-User");
        if (as == null || as.isEmpty()) {
            return Optional.of(requester);
        }
        RequestAttributes check;
        UserInfo target;
        String[] sa = as.startsWith(UserInfo.SERVICE_ACCOUNT_PREFIX)
                ? as.substring(UserInfo.SERVICE_ACCOUNT_PREFIX.length()).split(":", -1) : null;
        if (sa != null && sa.length == 2) {
            check = RequestAttributes.resource("impersonate", "", "serviceaccounts", "", sa[0], sa[1]);
            target = UserInfo.serviceAccount(sa[0], sa[1], "");
        } else {
            check = RequestAttributes.resource("impersonate", "", "users", "", "", as);
            java.util.List<String> groups = new java.util.ArrayList<>(request.headers().getAll("Impersonate-Group"));
            groups.add("system:authenticated");
            target = new UserInfo(as, "", java.util.List.copyOf(groups));
        }
        Decision decision = rbac.authorize(requester, check);
        if (!decision.allowed()) {
            respond(request, 403, Status.failure(403, "Forbidden", check.forbiddenMessage(requester,
                    decision.reason())));
            return null;
        }
        return Optional.of(target);
    }

    private Optional<UserInfo> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(UserInfo.ADMIN);
        }
        String token = authorization.substring(7).trim();
        if (!ServiceAccountTokens.looksLikeJwt(token)) {
            return Optional.of(UserInfo.ADMIN);
        }
        return tokens.authenticate(token);
    }

    private static void respond(HttpServerRequest request, int code, ObjectNode body) {
        request.response().setStatusCode(code).putHeader("Content-Type", "application/json").end(Json.write(body));
    }
}
