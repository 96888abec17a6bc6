package dev.uptally.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.uptally.agent.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityStoreTest {

  @TempDir Path tmp;

  @Test
  void deviceIdIsCreatedOnceAndSurvivesReopen() {
    Path dir = tmp.resolve("state");
    String id = IdentityStore.open(dir).deviceId();
    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    assertThat(IdentityStore.open(dir).deviceId()).isEqualTo(id);
  }

  @Test
  void tokenIsStoredOwnerOnlyAndClearedForReenrollment() throws IOException {
    IdentityStore store = IdentityStore.open(tmp);
    assertThat(store.token()).isEmpty();
    store.saveToken(new DeviceToken("s3cret-token"));
    assertThat(IdentityStore.open(tmp).token()).contains(new DeviceToken("s3cret-token"));
    if (AtomicFiles.posix()) {
      assertThat(Files.getPosixFilePermissions(tmp.resolve(IdentityStore.DEVICE_TOKEN)))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
    store.clearToken();
    assertThat(store.token()).isEmpty();
  }

  @Test
  void tokenNeverAppearsInToString() {
    assertThat(new DeviceToken("s3cret-token").toString()).doesNotContain("s3cret");
  }

  @Test
  void nextSeqStartsAtOneAndIsPersisted() {
    IdentityStore store = IdentityStore.open(tmp);
    assertThat(store.nextSeq()).isEqualTo(1);
    store.saveNextSeq(813);
    assertThat(IdentityStore.open(tmp).nextSeq()).isEqualTo(813);
  }

  @Test
  void atomicWritesLeaveNoTempFilesBehind() throws IOException {
    IdentityStore store = IdentityStore.open(tmp);
    store.saveNextSeq(2);
    store.saveNextSeq(3);
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void stateDirBlockedByAFileGivesAnErrorNamingThePath() throws IOException {
    Path blocker = Files.writeString(tmp.resolve("not-a-dir"), "x");
    Path stateDir = blocker.resolve("state");
    assertThatThrownBy(() -> IdentityStore.open(stateDir))
        .isInstanceOf(StateDirException.class)
        .hasMessageContaining(stateDir.toAbsolutePath().toString())
        .hasMessageContaining("cannot create");
  }

  @Test
  void readOnlyStateDirGivesAnErrorNamingThePath() throws IOException {
    assumeThat(AtomicFiles.posix()).isTrue();
    assumeThat(System.getProperty("user.name")).as("root ignores permissions").isNotEqualTo("root");
    Path dir = Files.createDirectory(tmp.resolve("ro"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assertThatThrownBy(() -> IdentityStore.open(dir))
          .isInstanceOf(StateDirException.class)
          .hasMessageContaining(dir.toAbsolutePath().toString())
          .hasMessageContaining("not writable");
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void corruptDeviceIdFileIsReportedNotReplaced() throws IOException {
    Files.writeString(tmp.resolve(IdentityStore.DEVICE_ID), "garbage");
    assertThatThrownBy(() -> IdentityStore.open(tmp))
        .isInstanceOf(StateDirException.class)
        .hasMessageContaining("'garbage'");
  }
}
