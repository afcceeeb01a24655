package dev.saleday.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The harness's rights: what chaos and the recorder need, in the namespace; nodes only cluster-wide; no wildcard. */
class RbacTest {

    private static List<HasMetadata> rbac() {
        List<HasMetadata> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(Manifests.RBAC)) {
            files.filter(p -> !p.getFileName().toString().equals("kustomization.yaml")).sorted()
                    .forEach(p -> objects.addAll(Manifests.read(p)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return objects;
    }

    @Test
    void no_wildcard_anywhere() {
        for (HasMetadata object : rbac()) {
            List<PolicyRule> rules = object instanceof Role role ? role.getRules()
                    : object instanceof ClusterRole clusterRole ? clusterRole.getRules() : List.of();
            for (PolicyRule rule : rules) {
                assertThat(rule.getVerbs()).as(object.getMetadata().getName() + " verbs").isNotEmpty().doesNotContain("*");
                assertThat(rule.getResources()).as(object.getMetadata().getName() + " resources").isNotEmpty()
                        .doesNotContain("*").allSatisfy(r -> assertThat(r).doesNotContain("*"));
                assertThat(rule.getApiGroups()).as(object.getMetadata().getName() + " apiGroups").doesNotContain("*");
                assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
            }
        }
    }

    @Test
    void the_role_allows_what_chaos_and_the_recorder_do() {
        Role role = Manifests.only(rbac(), Role.class, "saleday");
        assertAllowed(role.getRules(), "", "pods", "get", "list", "watch", "delete");
        assertAllowed(role.getRules(), "", "pods/eviction", "create");
        // observe reads the pods' metrics through the pod proxy; with several injectors the coordinator reads their
        // status and records (get) and posts the start instant and "collected" (create); nothing else through it
        assertAllowed(role.getRules(), "", "pods/proxy", "get", "create");
        assertNotAllowed(role.getRules(), "", "pods/proxy", "update");
        assertNotAllowed(role.getRules(), "", "pods/proxy", "delete");
        // traffic.injectors > 1: the injectors' Indexed Job and the ConfigMap with their plan, made and deleted
        assertAllowed(role.getRules(), "batch", "jobs", "get", "list", "watch", "create", "delete");
        assertNotAllowed(role.getRules(), "batch", "jobs", "patch");
        assertNotAllowed(role.getRules(), "batch", "cronjobs", "create");
        assertAllowed(role.getRules(), "", "configmaps", "create", "delete");
        assertAllowed(role.getRules(), "apps", "deployments", "get", "list", "watch", "patch", "update");
        assertAllowed(role.getRules(), "apps", "deployments/scale", "get", "patch", "update");
        assertAllowed(role.getRules(), "apps", "replicasets", "get", "list", "watch");
        assertAllowed(role.getRules(), "autoscaling", "horizontalpodautoscalers", "get", "list", "watch", "patch");
        assertAllowed(role.getRules(), "", "configmaps", "get", "list", "watch", "patch");
        assertAllowed(role.getRules(), "", "endpoints", "get", "list", "watch");
        assertAllowed(role.getRules(), "", "events", "get", "list", "watch");
        // pod-kill refuses (403) rather than guess when it cannot read the budgets it must respect.
        assertAllowed(role.getRules(), "policy", "poddisruptionbudgets", "get", "list", "watch");
        assertNotAllowed(role.getRules(), "policy", "poddisruptionbudgets", "delete");
        // Read-only where nothing is changed, and no access to Secrets at all.
        assertNotAllowed(role.getRules(), "", "secrets", "get");
        assertNotAllowed(role.getRules(), "", "events", "create");
        assertNotAllowed(role.getRules(), "apps", "replicasets", "delete");
    }

    @Test
    void the_cluster_role_is_for_nodes_only() {
        ClusterRole nodes = Manifests.only(rbac(), ClusterRole.class, "saleday-nodes");
        assertThat(nodes.getRules()).allSatisfy(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getResources()).containsExactly("nodes");
        });
        assertAllowed(nodes.getRules(), "", "nodes", "get", "list", "watch", "patch");
        assertThat(rbac().stream().filter(ClusterRole.class::isInstance)).hasSize(1);
    }

    @Test
    void bindings_give_the_rights_to_the_saleday_service_account() {
        ServiceAccount account = Manifests.only(rbac(), ServiceAccount.class, "saleday");
        RoleBinding binding = Manifests.only(rbac(), RoleBinding.class, "saleday");
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo("saleday");
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
            assertThat(subject.getNamespace()).isEqualTo("shop");
        });
        ClusterRoleBinding clusterBinding = Manifests.only(rbac(), ClusterRoleBinding.class, "saleday-nodes");
        assertThat(clusterBinding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(clusterBinding.getRoleRef().getName()).isEqualTo("saleday-nodes");
        assertThat(clusterBinding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getName()).isEqualTo("saleday");
            assertThat(subject.getNamespace()).isEqualTo("shop");
        });
    }

    @Test
    void the_job_runs_as_the_saleday_service_account() {
        Job job = (Job) Manifests.read(Manifests.JOB.resolve("saleday-job.yaml")).get(0);
        assertThat(job.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("saleday");
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).first().isEqualTo("run");
    }

    private static void assertAllowed(List<PolicyRule> rules, String group, String resource, String... verbs) {
        for (String verb : verbs) {
            assertThat(allows(rules, group, resource, verb)).as(verb + " " + group + "/" + resource).isTrue();
        }
    }

    private static void assertNotAllowed(List<PolicyRule> rules, String group, String resource, String verb) {
        assertThat(allows(rules, group, resource, verb)).as("must not " + verb + " " + group + "/" + resource).isFalse();
    }

    private static boolean allows(List<PolicyRule> rules, String group, String resource, String verb) {
        return rules.stream().anyMatch(rule -> rule.getApiGroups().contains(group)
                && rule.getResources().contains(resource) && rule.getVerbs().contains(verb));
    }
}
