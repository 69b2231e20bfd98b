package dev.strangler.gateway.state;

/**
 * The keys the {@code redis} store writes, all under one prefix ({@code
 * strangler.state.redis.key-prefix}) so that several gateways can share one Redis.
 *
 * <pre>
 * PREFIX routes        hash: route id → its runtime state (JSON: rollout, plan)
 * PREFIX versions      hash: route id → the version of its state
 * PREFIX seq           the last version given out; every change takes the next
 * PREFIX epoch         a random name of this copy of the shared state: when it is missing or
 *                      another, Redis lost what the replicas knew (restarted without persistence)
 * PREFIX audit         stream of audit entries, at most strangler.state.audit-capacity
 * PREFIX changes       pub/sub channel: a message after every change
 * PREFIX lease:plans   the plan lease: the holder's token, with a time to live
 * PREFIX replicas      set of the replicas that published figures
 * PREFIX figures:ID    hash: replica ID's published figures by section, with a time to live
 * PREFIX restored:EPOCH  marks that a replica wrote the audit log of a lost epoch back
 * </pre>
 *
 * @param prefix the prefix
 */
record RedisKeys(String prefix) {

  String routes() {
    return prefix + "routes";
  }

  String versions() {
    return prefix + "versions";
  }

  String seq() {
    return prefix + "seq";
  }

  String epoch() {
    return prefix + "epoch";
  }

  String audit() {
    return prefix + "audit";
  }

  String changes() {
    return prefix + "changes";
  }

  String lease() {
    return prefix + "lease:plans";
  }

  String replicas() {
    return prefix + "replicas";
  }

  String figuresPrefix() {
    return prefix + "figures:";
  }

  String restored(String epoch) {
    return prefix + "restored:" + epoch;
  }
}
