package dev.uptally.config;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.config.collector.Contract;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Service-credit tiers: a contract's {@code credits:} and a class's {@code availability.<class>.credits:}, which
 * have one shape and one validation, and the warnings where a tier's threshold lies above a class's target. A class
 * that meets its target earns no credit (DESIGN.md, "Service credits"), so such a threshold can never take effect
 * above the target: the tier acts as if its threshold were the target.
 */
final class CreditSection {

  private CreditSection() {}

  /** A tier as read, with the node of its threshold (where a warning about it points). */
  record Tier(Contract.CreditTier tier, ConfigNode threshold) {}

  /** A class's target as read; {@code own} is null when the class sets no tiers of its own. */
  record ClassTerms(DeviceClass deviceClass, double targetPercent, List<Tier> own) {}

  /** Tiers are listed from the highest threshold down; a lower availability must not earn a smaller credit. */
  static List<Tier> read(ConfigNode n) {
    List<Tier> out = new ArrayList<>();
    Contract.CreditTier previous = null;
    for (ConfigNode t : n.items()) {
      if (!t.expectKeys("availabilityBelow", "percent")) {
        continue;
      }
      Double below = Checks.inHalfOpen(t.get("availabilityBelow"), null, 0, 100, true);
      Double percent = Checks.inHalfOpen(t.get("percent"), null, 0, 100, true);
      if (below == null || percent == null) {
        continue;
      }
      Contract.CreditTier tier = new Contract.CreditTier(below, percent);
      if (previous != null && below >= previous.availabilityBelow()) {
        t.get("availabilityBelow").problem("tiers must be listed from the highest threshold down ("
            + below + " after " + previous.availabilityBelow() + ")");
      } else if (previous != null && percent < previous.percent()) {
        t.get("percent").problem("a lower availability cannot earn a smaller credit (" + percent + "% after "
            + previous.percent() + "%)");
      }
      out.add(new Tier(tier, t.get("availabilityBelow")));
      previous = tier;
    }
    return out;
  }

  static List<Contract.CreditTier> tiers(List<Tier> read) {
    return read == null ? null : read.stream().map(Tier::tier).toList();
  }

  /**
   * Warns at each class's own tier whose threshold lies above that class's target, and at each contract-wide tier
   * whose threshold lies above the target of a class that uses the contract-wide tiers. A threshold equal to the
   * target is what the target means, and is not warned about.
   */
  static void warnAboveTargets(List<ClassTerms> classes, List<Tier> contractWide) {
    for (ClassTerms c : classes) {
      for (Tier t : c.own() == null ? List.<Tier>of() : c.own()) {
        if (t.tier().availabilityBelow() > c.targetPercent()) {
          t.threshold().warning(t.tier().availabilityBelow() + " lies above the " + c.deviceClass().wireName()
              + " target " + c.targetPercent() + ": a class that meets its target earns no credit, so this tier "
              + "takes effect only below " + c.targetPercent() + " (set availabilityBelow to at most "
              + c.targetPercent() + " to say so)");
        }
      }
    }
    for (Tier t : contractWide) {
      double threshold = t.tier().availabilityBelow();
      List<ClassTerms> above = classes.stream().filter(c -> c.own() == null && threshold > c.targetPercent())
          .toList();
      if (!above.isEmpty()) {
        t.threshold().warning(threshold + " lies above the target of "
            + above.stream().map(c -> c.deviceClass().wireName() + " (" + c.targetPercent() + ")")
                .collect(Collectors.joining(" and "))
            + ": contract-wide tiers apply to a class only when it missed its target, so for "
            + above.stream().map(c -> c.deviceClass().wireName() + " only below " + c.targetPercent())
                .collect(Collectors.joining(", "))
            + " (give a class tiers of its own with availability.<class>.credits)");
      }
    }
  }
}
