package dev.faas.charts;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One permission: a verb on a resource of an API group ("" is the core group). */
record Grant(String apiGroup, String resource, String verb) {

    /** Every grant the rules add up to, one per group × resource × verb. */
    static Set<Grant> of(Collection<PolicyRule> rules) {
        Set<Grant> grants = new LinkedHashSet<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        grants.add(new Grant(group, resource, verb));
                    }
                }
            }
        }
        return grants;
    }

    /** {@code verbs} on each of a group's {@code resources}. */
    static Set<Grant> on(String apiGroup, List<String> resources, List<String> verbs) {
        Set<Grant> grants = new LinkedHashSet<>();
        resources.forEach(resource -> verbs.forEach(verb -> grants.add(new Grant(apiGroup, resource, verb))));
        return grants;
    }

    @Override
    public String toString() {
        return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + ":" + verb;
    }
}
