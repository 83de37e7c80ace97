#pragma once

namespace sl {

// The bytes one rank of a data-parallel job hands to the transport (sent) and gets back from
// it (received) in one regular training step, worked out from the sizes alone — what the
// Communicator counts when it really runs (gradient_exchange.h), so a one-process run (the
// window) can say what the step would cost at N ranks. Per step every rank:
//   - sums the loss and correct count of its shard: one allreduce of 2 doubles (16 bytes);
//   - dense exchange: one allreduce of all E gradient entries (4 E bytes);
//   - top-k exchange: one allreduce of the pair count (8 bytes); then, when the gathered
//     pairs P = N k cost less than a dense vector (8 P <= 4 E), an allgather of its byte
//     count (4 bytes) and its k (index, value) pairs (8 k bytes); otherwise the dense
//     allreduce (4 E bytes).
// Received counts what arrives from the others: an allreduce's result (as many bytes as were
// sent), an allgather's byte counts and pairs of the N - 1 other ranks.
// Mask-update steps of gradient-growing methods (RigL) exchange the dense gradient once more:
// they are not regular steps. One rank (N = 1) exchanges nothing.
struct ExchangeTraffic {
    long long bytesSent = 0;
    long long bytesReceived = 0;
    long long gatheredPairs = 0;  // top-k: P = N k, the rule's input
    bool sparse = false;          // top-k went by allgather
};

ExchangeTraffic denseStepTraffic(long long entries, int ranks);
ExchangeTraffic topkStepTraffic(long long entries, long long pairsPerRank, int ranks);

}  // namespace sl
