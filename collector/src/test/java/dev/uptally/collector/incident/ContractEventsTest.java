package dev.uptally.collector.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.config.collector.NotificationsConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The events a webhook may subscribe to (checked when the config is read) are exactly those the engine writes. */
class ContractEventsTest {

  @Test
  void theConfigsEventListIsTheEnginesOwn() {
    assertThat(NotificationsConfig.EVENTS).containsExactlyInAnyOrderElementsOf(List.of(ContractEvents.INCIDENT_OPENED,
        ContractEvents.INCIDENT_ESCALATED, ContractEvents.INCIDENT_RESOLVED, ContractEvents.VIOLATION_OPENED));
  }
}
