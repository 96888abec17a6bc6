package dev.uptally.collector.http;

import dev.uptally.collector.access.Scope;
import dev.uptally.collector.api.ApiViews;
import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.RetirementReason;
import dev.uptally.collector.lifecycle.HardwareChange;
import dev.uptally.collector.lifecycle.LifecycleService;
import dev.uptally.collector.lifecycle.LifetimeRow;
import dev.uptally.collector.lifecycle.Lifetimes;
import dev.uptally.collector.lifecycle.Part;
import dev.uptally.config.collector.ApiConfig.Role;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The lifecycle routes of API v1 (the design's lifecycle section): {@code POST /api/v1/devices/{id}/retire}
 * (operator; {@code {"reason", "at", "note"}}), {@code POST …/reinstate} (admin), {@code GET
 * …/hardware-changes} (viewer), {@code POST …/hardware-changes/{changeId}} (operator; {@code {"failure", "note"}}) and
 * {@code GET /api/v1/lifetimes?groupBy=model|driveModel&client=} (viewer). Bad input answers 400 naming the field,
 * an unknown device or change 404, retiring twice (or reinstating a device in service) 409.
 */
public final class LifecycleEndpoints implements CollectorServer.ApiRoutes {

  private static final Set<String> LIFETIMES_PARAMS = Set.of("groupBy", "client");

  private final LifecycleService lifecycle;
  private final Function<DeviceSnapshot, ApiViews.DeviceView> views;

  public LifecycleEndpoints(LifecycleService lifecycle, Function<DeviceSnapshot, ApiViews.DeviceView> views) {
    this.lifecycle = lifecycle;
    this.views = views;
  }

  /** Body of a retirement. */
  record RetireBody(String reason, String at, String note) {}

  /** Body of a hardware-change correction. */
  record CorrectionBody(Boolean failure, String note) {}

  /** A hardware change as the API shows it. */
  public record ChangeView(String id, Instant at, String kind, Part removed, Part added, boolean failure, String note) {
    static ChangeView of(HardwareChange c) {
      return new ChangeView(c.id(), Instant.ofEpochMilli(c.atMillis()), c.kind().wireName(), c.removed(), c.added(),
          c.failure(), c.note());
    }
  }

  @Override
  public void register(ApiHandler api, Routes.Builder routes) {
    Scope device = api.device("id");
    api.route(routes, "POST", "/api/v1/devices/{id}/retire", Role.OPERATOR, device, (call, who) -> {
      RetireBody body = JsonBodies.read(call, RetireBody.class);
      if (body.reason() == null) {
        throw HttpException.badRequest("field 'reason' is required (failed, replaced or decommissioned)");
      }
      RetirementReason reason;
      try {
        reason = RetirementReason.fromWire(body.reason());
      } catch (IllegalArgumentException e) {
        throw HttpException.badRequest("field 'reason': " + e.getMessage());
      }
      Instant at = instant(body.at());
      String note = note(body.note());
      return HttpReply.ok(views.apply(device(call, () -> lifecycle.retire(call.pathParam("id"), reason, at, note,
          ContractEndpoints.actor(call, who)))));
    });
    api.route(routes, "POST", "/api/v1/devices/{id}/reinstate", Role.ADMIN, device, (call, who) ->
        HttpReply.ok(views.apply(device(call, () -> lifecycle.reinstate(call.pathParam("id"),
            ContractEndpoints.actor(call, who))))));
    api.route(routes, "GET", "/api/v1/devices/{id}/hardware-changes", Role.VIEWER, device, call -> HttpReply.ok(
        lifecycle.hardwareChanges(call.pathParam("id")).orElseThrow(() -> unknownDevice(call)).stream()
            .map(ChangeView::of).toList()));
    api.route(routes, "POST", "/api/v1/devices/{id}/hardware-changes/{changeId}", Role.OPERATOR, device,
        (call, who) -> {
      CorrectionBody body = JsonBodies.read(call, CorrectionBody.class);
      if (body.failure() == null) {
        throw HttpException.badRequest("field 'failure' is required (true or false)");
      }
      String note = note(body.note());
      return HttpReply.ok(ChangeView.of(lifecycle.correct(call.pathParam("id"), call.pathParam("changeId"),
          body.failure(), note, ContractEndpoints.actor(call, who)).orElseThrow(() -> HttpException.notFound("unknown hardware change '"
          + call.pathParam("changeId") + "' of device '" + call.pathParam("id") + "'"))));
    });
    api.route(routes, "GET", "/api/v1/lifetimes", Role.VIEWER, Scope.listed(), LIFETIMES_PARAMS, (call, who) -> {
      String g = call.query("groupBy") == null ? "model" : call.query("groupBy");
      Lifetimes.GroupBy groupBy;
      try {
        groupBy = Lifetimes.GroupBy.fromWire(g);
      } catch (IllegalArgumentException e) {
        throw HttpException.badRequest("parameter 'groupBy': " + e.getMessage());
      }
      List<LifetimeRow> rows = lifecycle.lifetimes(groupBy, who.clients()::includes);
      return HttpReply.ok(rows);
    });
  }

  private static DeviceSnapshot device(HttpCall call, java.util.function.Supplier<Optional<DeviceSnapshot>> action) {
    try {
      return action.get().orElseThrow(() -> unknownDevice(call));
    } catch (IllegalArgumentException e) {
      throw HttpException.badRequest(e.getMessage());
    } catch (IllegalStateException e) {
      throw new HttpException(409, e.getMessage());
    }
  }

  private static Instant instant(String at) {
    if (at == null || at.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(at);
    } catch (DateTimeParseException e) {
      throw HttpException.badRequest("field 'at': '" + at + "' is not an ISO-8601 instant (e.g. 2026-11-30T17:00:00Z)");
    }
  }

  private static String note(String note) {
    if (note != null && note.length() > ContractEndpoints.MAX_NOTE_CHARS) {
      throw HttpException.badRequest("field 'note' has " + note.length() + " characters; at most "
          + ContractEndpoints.MAX_NOTE_CHARS + " are allowed");
    }
    return note;
  }

  private static HttpException unknownDevice(HttpCall call) {
    return HttpException.notFound("unknown device '" + call.pathParam("id") + "'");
  }
}
