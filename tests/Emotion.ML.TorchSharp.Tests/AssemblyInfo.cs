// TorchSharp's random generator and thread count are process-wide: tests that train networks
// in parallel would draw from each other's random streams and could not check determinism.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
