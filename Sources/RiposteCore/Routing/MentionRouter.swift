/// A route of the routing tree, as configured.
public struct RouteNode: Sendable, Equatable {
    /// Its position in the configuration (`routes[1].routes[0]`), for explanations.
    public var path: String
    /// Its conditions.
    public var match: RouteMatch
    /// Its destinations (inherited by children that name none).
    public var destinations: [String]
    /// Its escalation policy, if any (inherited likewise).
    public var escalation: String?
    /// Keep evaluating the following siblings after this one matched.
    public var `continue`: Bool
    /// Its grouping (`group_by`, `group_wait`…), inherited likewise.
    public var grouping: GroupingRule
    /// Child routes, tried in order when this one matches.
    public var children: [RouteNode]

    /// Creates a route.
    public init(
        path: String, match: RouteMatch, destinations: [String], escalation: String? = nil, continue: Bool = false, grouping: GroupingRule = GroupingRule(),
        children: [RouteNode] = []
    ) {
        self.path = path
        self.match = match
        self.destinations = destinations
        self.escalation = escalation
        self.continue = `continue`
        self.grouping = grouping
        self.children = children
    }
}

/// Where one mention goes, and why.
public struct RouteDecision: Sendable, Equatable {
    /// The route that matched (the deepest one).
    public var path: String
    /// Its destinations.
    public var destinations: [String]
    /// Its escalation policy.
    public var escalation: String?
    /// How its alerts are grouped; `nil`: one message per mention.
    public var grouping: AlertGrouping?
    /// The conditions that held, from the top of the tree down.
    public var reasons: [String]
}

/// Alertmanager-style routing: siblings are tried in order and the first match wins unless it
/// says `continue`; a matching route's children are tried the same way, and the route itself
/// applies when none of them matches. Children inherit destinations and escalation.
public struct MentionRouter: Sendable {
    /// The top-level routes.
    public let routes: [RouteNode]

    /// Creates a router.
    public init(routes: [RouteNode]) {
        self.routes = routes
    }

    /// Every route a mention takes.
    public func decide(_ facts: RoutingFacts) -> [RouteDecision] {
        Self.walk(routes, facts: facts, inherited: ([], nil, nil), reasons: [])
    }

    private static func walk(_ nodes: [RouteNode], facts: RoutingFacts, inherited: ([String], String?, AlertGrouping?), reasons: [String]) -> [RouteDecision] {
        var decisions: [RouteDecision] = []
        for node in nodes {
            guard let why = node.match.reasons(for: facts) else { continue }
            let destinations = node.destinations.isEmpty ? inherited.0 : node.destinations
            let escalation = node.escalation ?? inherited.1
            let grouping = node.grouping.resolved(under: inherited.2)
            let trail = reasons + why.map { "\(node.path): \($0)" }
            let below = walk(node.children, facts: facts, inherited: (destinations, escalation, grouping), reasons: trail)
            if !below.isEmpty {
                decisions += below
            } else if !destinations.isEmpty {
                decisions.append(RouteDecision(path: node.path, destinations: destinations, escalation: escalation, grouping: grouping, reasons: trail))
            } else {
                // A grouping route with nowhere of its own to send: as if it had not matched.
                continue
            }
            if !node.continue { break }
        }
        return decisions
    }
}
