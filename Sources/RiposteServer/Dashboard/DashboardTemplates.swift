import Foundation
import Mustache

/// The dashboard's Mustache templates (compiled in, so the binary needs no files). They render
/// with the `RIPOSTE_HTML` content type, whose escaping works by Unicode scalar.
enum DashboardTemplates {
    struct ScalarHTML: MustacheContentType {
        func escapeText(_ text: String) -> String { ApprovalPage.escape(text) }
    }

    static let library: MustacheLibrary? = {
        MustacheContentTypes.register(ScalarHTML(), named: "RIPOSTE_HTML")
        var library = MustacheLibrary()
        for (name, text) in sources {
            guard let template = try? MustacheTemplate(string: "{{% CONTENT_TYPE: RIPOSTE_HTML}}" + text) else { return nil }
            library.register(template, named: name)
        }
        return library
    }()

    static let sources: [String: String] = [
        "layout": """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{title}} · Riposte</title>
            <style>
            body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
            header{background:#1d2b3a;color:#fff;padding:.6rem 1rem;display:flex;gap:1.2rem;align-items:center;flex-wrap:wrap}
            header a{color:#fff;text-decoration:none}header strong{margin-right:1rem}header form{margin-left:auto}
            main{padding:1rem;max-width:80rem;margin:auto}table{border-collapse:collapse;width:100%;background:#fff}
            th,td{border-bottom:1px solid #e3e3e6;padding:.4rem .5rem;text-align:left;vertical-align:top}th{background:#f0f0f3}
            .P1{color:#b00020;font-weight:700}.P2{color:#c25e00;font-weight:700}.flag{background:#fde8e8;color:#8a1c1c;border-radius:3px;padding:0 .3rem;margin-right:.2rem;font-size:.85em}
            .unsupportive{color:#b00020}.supportive{color:#0a7d32}.muted{color:#666;font-size:.9em}
            form.inline{display:inline}button{font:inherit;padding:.3rem .8rem;cursor:pointer}
            .filters{display:flex;gap:.5rem;flex-wrap:wrap;margin:.5rem 0 1rem}.filters select,.filters input{font:inherit;padding:.2rem}
            .card{background:#fff;border:1px solid #e3e3e6;border-radius:6px;padding:.8rem 1rem;margin-bottom:1rem}
            blockquote{margin:.3rem 0;padding:.5rem .8rem;background:#f4f4f6;border-left:4px solid #888}
            .notice{background:#fff6d6;border:1px solid #e8d48a;padding:.5rem .8rem;border-radius:4px}
            svg text{font-size:10px;fill:#555}
            </style></head><body>
            {{#user}}<header><strong>Riposte</strong><a href="/dashboard">Inbox</a><a href="/dashboard/approvals">Approvals</a><a href="/dashboard/oncall">On call</a><a href="/dashboard/outbox">Outbox</a><a href="/dashboard/audit">Audit</a>
            <form method="post" action="/dashboard/logout"><input type="hidden" name="csrf" value="{{csrf}}"><span class="muted" style="color:#cfd8e3">{{user}}</span> <button type="submit">Sign out</button></form></header>{{/user}}
            <main>{{#notice}}<p class="notice">{{notice}}</p>{{/notice}}{{{body}}}</main></body></html>
            """,
        "login": """
            <h1>Sign in to Riposte</h1>
            <form method="post" action="/dashboard/login" class="card" style="max-width:22rem">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <p><label>User<br><input name="user" autocomplete="username" required></label></p>
            <p><label>Password<br><input name="password" type="password" autocomplete="current-password" required></label></p>
            <button type="submit">Sign in</button></form>
            """,
        "inbox": """
            <h1>Inbox</h1>
            <div class="card"><strong>Unsupportive mentions per hour, last 48 hours</strong>{{{chart}}}</div>
            <form class="filters" method="get" action="/dashboard">
            <select name="priority"><option value="">any priority</option>{{#priorities}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/priorities}}</select>
            <select name="classification"><option value="">any label</option>{{#labels}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/labels}}</select>
            <select name="flag"><option value="">any flag</option>{{#flags}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/flags}}</select>
            <select name="state"><option value="">any state</option>{{#states}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/states}}</select>
            <input name="owner" placeholder="owner" value="{{owner}}"><button type="submit">Filter</button></form>
            <table><thead><tr><th>Received</th><th>Priority</th><th>Label</th><th>Mention</th><th>Thread</th></tr></thead><tbody>
            {{#rows}}<tr><td class="muted">{{received}}</td><td class="{{priority}}">{{priority}}</td><td class="{{sentiment}}">{{sentiment}}</td>
            <td><a href="/dashboard/mentions/{{id}}">{{text}}</a><br><span class="muted">{{handle}} on {{source}}</span> {{#flags}}<span class="flag">{{.}}</span>{{/flags}}</td>
            <td>{{state}}{{#owner}} · {{owner}}{{/owner}}</td></tr>{{/rows}}
            {{^rows}}<tr><td colspan="5" class="muted">No mentions match.</td></tr>{{/rows}}
            </tbody></table>
            {{#next}}<p><a href="{{next}}">Older →</a></p>{{/next}}
            """,
        "mention": """
            <p><a href="/dashboard">← Inbox</a></p>
            <div class="card"><h1 class="{{priority}}">{{priority}} · {{sentiment}} {{confidence}}</h1>
            <blockquote>{{text}}</blockquote>
            <p class="muted">{{author}} on {{source}} · received {{received}} · {{rule}}</p>
            <p><strong>Evidence:</strong> {{#evidence}}<span class="flag" style="background:#eef">{{.}}</span>{{/evidence}}</p>
            {{#flags}}<p><span class="flag">{{kind}}</span> {{detail}}</p>{{/flags}}
            {{#deadline}}<p class="notice">⏱ {{deadline}}</p>{{/deadline}}</div>
            {{#thread}}<div class="card"><h2>Thread {{key}}</h2><p>State: <strong id="thread-state">{{state}}</strong>{{#owner}} · owner <strong id="thread-owner">{{owner}}</strong>{{/owner}}</p>
            <form class="inline" method="post" action="/dashboard/threads/{{id}}/claim"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="back" value="{{back}}"><button type="submit" id="claim">Claim</button></form>
            <form class="inline" method="post" action="/dashboard/threads/{{id}}/acknowledge"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="back" value="{{back}}"><button type="submit">Acknowledge</button></form>
            <form class="inline" method="post" action="/dashboard/threads/{{id}}/resolve"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="back" value="{{back}}"><button type="submit">Resolve</button></form></div>{{/thread}}
            <div class="card"><h2>Suggested replies</h2>{{#suggestions}}<blockquote>{{text}}</blockquote><p class="muted">{{template}} · {{reasons}}</p>{{/suggestions}}{{^suggestions}}<p class="muted">None.</p>{{/suggestions}}</div>
            <div class="card"><h2>Approval trail</h2>{{#escalations}}<p><strong>{{id}}</strong>: {{summary}}</p><ul>{{#votes}}<li>{{at}} · {{approver}} {{decision}} via {{via}}{{#text}}: “{{text}}”{{/text}}</li>{{/votes}}</ul>{{#final}}<p>Final reply: <strong>{{final}}</strong></p>{{/final}}{{/escalations}}{{^escalations}}<p class="muted">No escalation.</p>{{/escalations}}</div>
            """,
        "approvals": """
            <h1>Approvals</h1>
            <table><thead><tr><th>Escalation</th><th>State</th><th>Waiting for</th><th>Deadline</th><th>Draft</th></tr></thead><tbody>
            {{#rows}}<tr><td><a href="/dashboard/mentions/{{mention}}">{{id}}</a></td><td>{{state}}</td><td>{{approvers}}</td><td class="muted">{{deadline}}</td><td>{{draft}}</td></tr>{{/rows}}
            {{^rows}}<tr><td colspan="5" class="muted">Nothing waiting for approval.</td></tr>{{/rows}}</tbody></table>
            """,
        "oncall": """
            <h1>On call</h1>
            <div class="card">{{#layers}}<p><strong>{{layer}}</strong>: {{who}} <span class="muted">({{because}})</span></p>{{/layers}}{{^layers}}<p class="muted">No on-call schedule is configured.</p>{{/layers}}</div>
            <h2>Pages</h2><table><thead><tr><th>Opened</th><th>Page</th><th>Rounds</th><th>State</th><th></th></tr></thead><tbody>
            {{#pages}}<tr><td class="muted">{{opened}}</td><td>{{summary}}</td><td>{{sent}}</td><td>{{state}}</td>
            <td>{{#open}}<form class="inline" method="post" action="/dashboard/pages/{{id}}/acknowledge"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Acknowledge</button></form>{{/open}}</td></tr>{{/pages}}
            {{^pages}}<tr><td colspan="5" class="muted">No pages.</td></tr>{{/pages}}</tbody></table>
            """,
        "outbox": """
            <h1>Outbox</h1>
            <p class="filters"><a href="/dashboard/outbox">all</a> · <a href="/dashboard/outbox?status=pending">pending</a> · <a href="/dashboard/outbox?status=dead">dead letters</a> · <a href="/dashboard/outbox?status=delivered">delivered</a></p>
            <table><thead><tr><th>#</th><th>Key</th><th>Destination</th><th>Status</th><th>Attempts</th><th>Last error</th><th></th></tr></thead><tbody>
            {{#rows}}<tr><td>{{id}}</td><td class="muted">{{key}}</td><td>{{destination}}</td><td>{{status}}</td><td>{{attempts}}</td><td class="muted">{{error}}</td>
            <td>{{#dead}}<form class="inline" method="post" action="/dashboard/outbox/{{id}}/retry"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Retry</button></form>{{/dead}}</td></tr>{{/rows}}
            {{^rows}}<tr><td colspan="7" class="muted">Empty.</td></tr>{{/rows}}</tbody></table>
            """,
        "audit": """
            <h1>Audit log</h1>
            <table><thead><tr><th>When</th><th>Who</th><th>What</th><th>Subject</th><th>Details</th></tr></thead><tbody>
            {{#rows}}<tr><td class="muted">{{at}}</td><td>{{actor}}</td><td>{{action}}</td><td>{{subject}}</td><td class="muted">{{details}}</td></tr>{{/rows}}
            </tbody></table>
            """,
    ]
}
