package dev.uptally.collector.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.uptally.config.collector.ApiConfig.ApiToken;
import dev.uptally.config.collector.ApiConfig.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The gate alone: what a token that sees some clients may reach, and what every other token keeps. */
class ClientGateTest {

  private static final Map<String, String> DEVICE_CLIENTS = Map.of("ws-1", "acme", "ws-2", "globex");
  private final List<String> lookedUp = new ArrayList<>();
  private final Scope device = Scope.target("id", "device", id -> {
    lookedUp.add(id);
    return Optional.ofNullable(DEVICE_CLIENTS.get(id));
  });
  private final ClientGate gate = new ClientGate(Set.of("acme", "globex", "initech"));
  private final Caller acme = Caller.of(new ApiToken("acme-it", "acme-token-0123456789", Role.VIEWER, Set.of("acme")));
  private final Caller staff = Caller.of(new ApiToken("noc", "noc-token-0123456789", Role.OPERATOR));

  private String refusal(Scope scope, Caller caller, Map<String, String> params, String client) {
    NotVisibleException e = catchThrowableOfType(NotVisibleException.class,
        () -> gate.admit(scope, caller, "GET /x", params, client));
    assertThat(e).as("refused").isNotNull();
    return e.getMessage();
  }

  @Test
  void anotherClientsTargetFailsWithTheMessageOfAnUnknownOneAfterTheSameLookup() {
    assertThat(refusal(device, acme, Map.of("id", "ws-2"), null)).isEqualTo("unknown device 'ws-2'");
    assertThat(refusal(device, acme, Map.of("id", "ws-9"), null)).isEqualTo("unknown device 'ws-9'");
    assertThat(lookedUp).containsExactly("ws-2", "ws-9");
    assertThat(gate.admit(device, acme, "GET /x", Map.of("id", "ws-1"), null)).isEqualTo(acme);
  }

  @Test
  void aTokenOfEveryClientPassesTargetsWithoutALookupSoHandlersAnswerAsBefore() {
    assertThat(gate.admit(device, staff, "GET /x", Map.of("id", "ws-9"), null)).isEqualTo(staff);
    assertThat(lookedUp).isEmpty();
  }

  @Test
  void aClientInThePathIsSeenOnlyByItsTokens() {
    Scope client = Scope.clientPath("id");
    assertThat(refusal(client, acme, Map.of("id", "globex"), null)).isEqualTo("unknown client 'globex'");
    assertThat(refusal(client, acme, Map.of("id", "nobody"), null)).isEqualTo("unknown client 'nobody'");
    assertThat(gate.admit(client, acme, "GET /x", Map.of("id", "acme"), null)).isEqualTo(acme);
  }

  @Test
  void aListNarrowedToAnotherClientFailsAsForAnUnknownClientAndToItsOwnNarrowsTheCaller() {
    assertThat(refusal(Scope.listed(), acme, Map.of(), "globex")).isEqualTo("unknown client 'globex'");
    assertThat(refusal(Scope.listed(), acme, Map.of(), "nobody")).isEqualTo("unknown client 'nobody'");
    assertThat(refusal(Scope.listed(), staff, Map.of(), "nobody")).isEqualTo("unknown client 'nobody'");
    assertThat(gate.admit(Scope.listed(), acme, "GET /x", Map.of(), null).clients()).isEqualTo(acme.clients());
    assertThat(gate.admit(Scope.listed(), staff, "GET /x", Map.of(), "").clients().isAll()).isTrue();
    Caller narrowed = gate.admit(Scope.listed(), staff, "GET /x", Map.of(), "globex");
    assertThat(narrowed.clients().single()).isEqualTo("globex");
    assertThat(narrowed.name()).isEqualTo("noc");
  }

  @Test
  void aRouteOverEveryClientRefusesAScopedToken() {
    assertThatThrownBy(() -> gate.admit(Scope.everyClient(), acme, "GET /api/v1/audit", Map.of(), null))
        .isInstanceOf(ScopeRefusedException.class).hasMessageContaining("GET /api/v1/audit covers every client");
    assertThat(gate.admit(Scope.everyClient(), staff, "GET /api/v1/audit", Map.of(), null)).isEqualTo(staff);
  }

  @Test
  void rowsOfSeveralClientsAreAskedForEveryClientAndFilteredOneClientIsAskedForItself() {
    record Row(String client) {}
    List<String> asked = new ArrayList<>();
    List<Row> all = List.of(new Row("acme"), new Row("globex"), new Row("initech"));
    ClientScope two = ClientScope.of(Set.of("acme", "initech"));
    assertThat(two.rows(c -> {
      asked.add(String.valueOf(c));
      return all;
    }, Row::client)).containsExactly(new Row("acme"), new Row("initech"));
    assertThat(ClientScope.of(Set.of("acme")).rows(c -> {
      asked.add(c);
      return all; // a query that ignored its filter still leaks nothing
    }, Row::client)).containsExactly(new Row("acme"));
    assertThat(ClientScope.all().rows(c -> {
      asked.add(String.valueOf(c));
      return all;
    }, Row::client)).isEqualTo(all);
    assertThat(asked).containsExactly("null", "acme", "null");
  }
}
