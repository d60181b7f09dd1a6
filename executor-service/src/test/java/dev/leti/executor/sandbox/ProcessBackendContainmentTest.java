package dev.leti.executor.sandbox;

import dev.leti.executor.TestSandboxes;

/** The namespace sandbox contains every attack of the contract, with a warm worker. */
class ProcessBackendContainmentTest extends ContainmentContract {

    @Override
    protected SandboxPool createPool() {
        return TestSandboxes.processPool(1);
    }
}
