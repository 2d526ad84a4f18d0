package io.carrieremu.core.fota;

import static io.carrieremu.core.fota.FirmwareState.DOWNLOADED;
import static io.carrieremu.core.fota.FirmwareState.DOWNLOADING;
import static io.carrieremu.core.fota.FirmwareState.IDLE;
import static io.carrieremu.core.fota.FirmwareState.UPDATING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one place object 5's State and Update Result change follows the LwM2M state diagram. */
class FirmwareStateMachineTest {

    @Test
    void theDiagramsMovesAreAllowed() {
        assertThat(FirmwareStateMachine.allowed(IDLE, DOWNLOADING, UpdateResult.INITIAL)).isTrue();
        assertThat(FirmwareStateMachine.allowed(DOWNLOADING, DOWNLOADED, UpdateResult.INITIAL)).isTrue();
        assertThat(FirmwareStateMachine.allowed(DOWNLOADED, UPDATING, UpdateResult.INITIAL)).isTrue();
        assertThat(FirmwareStateMachine.allowed(UPDATING, IDLE, UpdateResult.SUCCESS)).isTrue();
        assertThat(FirmwareStateMachine.allowed(UPDATING, IDLE, UpdateResult.UPDATE_FAILED)).isTrue();
        assertThat(FirmwareStateMachine.allowed(UPDATING, DOWNLOADED, UpdateResult.UPDATE_FAILED)).isTrue();
        for (UpdateResult failure : new UpdateResult[] {UpdateResult.NOT_ENOUGH_FLASH, UpdateResult.OUT_OF_RAM,
                UpdateResult.CONNECTION_LOST, UpdateResult.INTEGRITY_FAILURE, UpdateResult.UNSUPPORTED_PACKAGE,
                UpdateResult.INVALID_URI, UpdateResult.UNSUPPORTED_PROTOCOL}) {
            assertThat(FirmwareStateMachine.allowed(DOWNLOADING, IDLE, failure)).as(failure.name()).isTrue();
            assertThat(FirmwareStateMachine.allowed(IDLE, IDLE, failure)).as(failure.name()).isTrue();
        }
        assertThat(FirmwareStateMachine.allowed(DOWNLOADED, IDLE, UpdateResult.INITIAL)).as("reset").isTrue();
    }

    @Test
    void movesOffTheDiagramAreRefusedAndChangeNothing() {
        assertThat(FirmwareStateMachine.allowed(IDLE, DOWNLOADED, UpdateResult.INITIAL)).isFalse();
        assertThat(FirmwareStateMachine.allowed(IDLE, UPDATING, UpdateResult.INITIAL)).isFalse();
        assertThat(FirmwareStateMachine.allowed(DOWNLOADING, UPDATING, UpdateResult.INITIAL)).isFalse();
        assertThat(FirmwareStateMachine.allowed(DOWNLOADING, IDLE, UpdateResult.SUCCESS)).as("success only after updating").isFalse();
        assertThat(FirmwareStateMachine.allowed(IDLE, DOWNLOADING, UpdateResult.CONNECTION_LOST)).as("a download starts at 0").isFalse();
        assertThat(FirmwareStateMachine.allowed(UPDATING, IDLE, UpdateResult.CONNECTION_LOST)).isFalse();

        FirmwareStateMachine machine = new FirmwareStateMachine();
        assertThatThrownBy(() -> machine.move(UPDATING, UpdateResult.INITIAL, "test")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("IDLE to UPDATING");
        assertThat(machine.state()).isEqualTo(IDLE);
        machine.move(DOWNLOADING, UpdateResult.INITIAL, "test");
        machine.move(IDLE, UpdateResult.INTEGRITY_FAILURE, "test");
        assertThat(machine.state()).isEqualTo(IDLE);
        assertThat(machine.result()).isEqualTo(UpdateResult.INTEGRITY_FAILURE);
    }

    @Test
    void statesAndResultsCarryTheObjectsNumbers() {
        assertThat(FirmwareState.UPDATING.code()).isEqualTo(3);
        assertThat(UpdateResult.UNSUPPORTED_PROTOCOL.code()).isEqualTo(9);
        assertThat(UpdateResult.fromCode(5)).contains(UpdateResult.INTEGRITY_FAILURE);
        assertThat(FirmwareState.fromCode(4)).isEmpty();
    }
}
