import Hummingbird

// Benchmark baseline: a bare Hummingbird server that answers every POST with its body.
// Same framework, same event loops and same request bytes as Riposte's ingest, minus the work
// (signature, validation, durable commit). Not part of the product.
let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 8081
let router = Router()
router.post("/v1/mentions") { request, _ -> Response in
    let body = try await request.body.collect(upTo: 1 << 20)
    return Response(status: .accepted, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "echo"))
try await app.runService()
