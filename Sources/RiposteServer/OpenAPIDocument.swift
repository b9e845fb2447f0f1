/// The OpenAPI 3.1 description of Riposte's HTTP API, served at `/openapi.json`.
///
/// Kept as JSON text (cheap to compile, easy to diff). A test checks that every route the router
/// registers appears here, so the two cannot drift.
enum OpenAPIDocument {
    static func json() -> [UInt8] { Array(text.utf8) }

    static let text = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Riposte",
    "version": "1",
    "description": "Self-hosted triage of brand mentions: durable ingest, classification, reply suggestions and chat escalation."
  },
  "paths": {
    "/v1/mentions": {
      "post": {
        "summary": "Ingest one mention or a batch of up to 500",
        "parameters": [
          {
            "name": "webhook-id",
            "in": "header",
            "schema": {
              "type": "string"
            },
            "description": "Standard Webhooks message id."
          },
          {
            "name": "webhook-timestamp",
            "in": "header",
            "schema": {
              "type": "string"
            },
            "description": "Unix seconds; must be within ±5 minutes (ingest.signature_tolerance)."
          },
          {
            "name": "webhook-signature",
            "in": "header",
            "schema": {
              "type": "string"
            },
            "description": "Space-separated `v1,<base64 HMAC-SHA256 of {id}.{timestamp}.{body}>`."
          },
          {
            "name": "X-Hub-Signature-256",
            "in": "header",
            "schema": {
              "type": "string"
            },
            "description": "Alternative: `sha256=<hex HMAC-SHA256 of the body>`."
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "oneOf": [
                  {
                    "$ref": "#/components/schemas/MentionInput"
                  },
                  {
                    "$ref": "#/components/schemas/MentionBatch"
                  }
                ]
              }
            }
          }
        },
        "responses": {
          "202": {
            "description": "Stored (committed), or already stored (`duplicate: true`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Accepted"
                }
              }
            }
          },
          "400": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "415": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      },
      "get": {
        "summary": "List mentions, newest first",
        "parameters": [
          {
            "name": "source",
            "in": "query",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "since",
            "in": "query",
            "schema": {
              "type": "string",
              "format": "date-time"
            },
            "description": "Published (or received) at or after."
          },
          {
            "name": "until",
            "in": "query",
            "schema": {
              "type": "string",
              "format": "date-time"
            },
            "description": "Published (or received) before."
          },
          {
            "name": "status",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "pending",
                "processing",
                "processed",
                "failed"
              ]
            }
          },
          {
            "name": "classification",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "supportive",
                "neutral",
                "unsupportive"
              ]
            }
          },
          {
            "name": "flag",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "adverse_event",
                "influential_author",
                "legal_threat",
                "misinformation_cue",
                "urgent",
                "profanity",
                "harassment"
              ]
            }
          },
          {
            "name": "priority",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "P1",
                "P2",
                "P3",
                "P4"
              ]
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "schema": {
              "type": "string"
            },
            "description": "`next_cursor` of the previous page."
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 500,
              "default": 50
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of mentions.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MentionList"
                }
              }
            }
          },
          "400": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/mentions/{id}/suggestions": {
      "get": {
        "summary": "Suggested replies for a mention, best first, each with the reasons it was chosen",
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "`{mention_id, status, suggestions: [{template_id, locale, variant, variant_key, text, length, limit, score, reasons, requires_approval, review_reference}]}`; empty until the pipeline processed the mention."
          },
          "404": {
            "description": "No such mention."
          }
        }
      }
    },
    "/v1/mentions/{id}": {
      "get": {
        "summary": "One mention with its processing state",
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The mention.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Mention"
                }
              }
            }
          },
          "401": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/integrations/x": {
      "get": {
        "summary": "X Account Activity CRC challenge",
        "parameters": [
          {
            "name": "crc_token",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "`sha256=` + base64 HMAC-SHA256 of the token, keyed by the consumer secret.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "response_token": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      },
      "post": {
        "summary": "X Account Activity events (tweet_create_events become mentions)",
        "parameters": [
          {
            "name": "x-twitter-webhooks-signature",
            "in": "header",
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Accepted"
                }
              }
            }
          },
          "400": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "415": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/integrations/meltwater": {
      "post": {
        "summary": "Meltwater Listening hook deliveries (documents become mentions)",
        "parameters": [
          {
            "name": "webhook-id",
            "in": "header",
            "schema": {
              "type": "string"
            },
            "description": "Standard Webhooks message id."
          },
          {
            "name": "webhook-timestamp",
            "in": "header",
            "schema": {
              "type": "string"
            },
            "description": "Unix seconds; must be within ±5 minutes (ingest.signature_tolerance)."
          },
          {
            "name": "webhook-signature",
            "in": "header",
            "schema": {
              "type": "string"
            },
            "description": "Space-separated `v1,<base64 HMAC-SHA256 of {id}.{timestamp}.{body}>`."
          },
          {
            "name": "X-Hub-Signature-256",
            "in": "header",
            "schema": {
              "type": "string"
            },
            "description": "Alternative: `sha256=<hex HMAC-SHA256 of the body>`."
          },
          {
            "name": "token",
            "in": "query",
            "schema": {
              "type": "string"
            },
            "description": "Must equal integrations.meltwater.token when used."
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Accepted"
                }
              }
            }
          },
          "400": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "415": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/integrations/slack/interactions": {
      "post": {
        "summary": "Slack interactivity: approve, reject or edit an escalated reply (block_actions)",
        "description": "Form-encoded `payload`. Verified with integrations.slack.signing_secret (`X-Slack-Signature: v0=<hex HMAC-SHA256 of v0:{timestamp}:{body}>`, timestamp within 5 minutes, each callback once). The clicked message is updated through its `response_url`. Only when approvals are configured.",
        "parameters": [
          { "name": "X-Slack-Request-Timestamp", "in": "header", "required": true, "schema": { "type": "string" } },
          { "name": "X-Slack-Signature", "in": "header", "required": true, "schema": { "type": "string" } }
        ],
        "requestBody": { "required": true, "content": { "application/x-www-form-urlencoded": { "schema": { "type": "object", "properties": { "payload": { "type": "string" } }, "required": ["payload"] } } } },
        "responses": { "200": { "description": "Received (refusals are answered to the clicker and audited)" }, "401": { "description": "Bad signature or stale timestamp (audited)" } }
      }
    },
    "/v1/integrations/mattermost/actions": {
      "post": {
        "summary": "Mattermost interactive button callback: approve or reject an escalated reply",
        "description": "Authenticated by Riposte's HMAC token in `context.token`; the user is recognised by `user_id` in the approver directory.",
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "properties": { "user_id": { "type": "string" }, "context": { "type": "object" } } } } } },
        "responses": { "200": { "description": "`{update: {message}, ephemeral_text}`" } }
      }
    },
    "/approvals/{token}": {
      "get": {
        "summary": "The signed-link approval page (HTML): the mention, its classification and evidence, the drafted reply",
        "parameters": [ { "name": "token", "in": "path", "required": true, "schema": { "type": "string" } } ],
        "responses": { "200": { "description": "The page, with a CSRF cookie" }, "403": { "description": "Tampered link or not an approver (audited)" }, "410": { "description": "Expired or used link (audited)" } }
      },
      "post": {
        "summary": "Approve, edit and approve, or reject (form post with the CSRF field); the link is then spent",
        "parameters": [ { "name": "token", "in": "path", "required": true, "schema": { "type": "string" } } ],
        "requestBody": { "required": true, "content": { "application/x-www-form-urlencoded": { "schema": { "type": "object", "properties": { "csrf": { "type": "string" }, "action": { "type": "string", "enum": ["approve", "edit", "reject"] }, "text": { "type": "string" }, "reason": { "type": "string" } }, "required": ["csrf", "action"] } } } },
        "responses": { "200": { "description": "Decision recorded" }, "403": { "description": "CSRF check failed (audited)" }, "409": { "description": "Already decided, stale level, not at this level (audited)" }, "410": { "description": "Expired or used link" } }
      }
    },
    "/v1/audit": {
      "get": {
        "summary": "The audit log, oldest first: notifications, decisions (with edit diffs), refusals, timeouts, dead letters, spikes",
        "parameters": [
          { "name": "since", "in": "query", "schema": { "type": "string", "format": "date-time" } },
          { "name": "until", "in": "query", "schema": { "type": "string", "format": "date-time" } },
          { "name": "action", "in": "query", "schema": { "type": "string" }, "description": "An action (`approval.approve`) or a prefix ending in a dot (`approval.`)." },
          { "name": "actor", "in": "query", "schema": { "type": "string" } },
          { "name": "subject_type", "in": "query", "schema": { "type": "string" } },
          { "name": "subject_id", "in": "query", "schema": { "type": "string" } },
          { "name": "cursor", "in": "query", "schema": { "type": "string" } },
          { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 1000, "default": 100 } }
        ],
        "responses": { "200": { "description": "`{entries: [{id, at, actor, action, subject_type, subject_id, details}], next_cursor}`" }, "400": { "description": "A bad parameter, named in `error.field`" }, "401": { "description": "api.tokens is set and the bearer token is missing or wrong" } }
      }
    },
    "/v1/escalations": {
      "get": {
        "summary": "Escalations, newest first; `state=approved` lists replies ready to post (final text, edited or not)",
        "parameters": [
          { "name": "state", "in": "query", "schema": { "type": "string", "enum": ["pending", "approved", "edited_approved", "rejected", "expired", "withdrawn"] } },
          { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 500, "default": 100 } }
        ],
        "responses": { "200": { "description": "`{escalations: [{id, mention_id, policy, state, level, levels, approvers, deadline, draft, final_text, ready_to_post, decided_by, decided_at, decided_via, channels, votes}]}`" } }
      }
    },
    "/v1/escalations/{id}": {
      "get": {
        "summary": "One escalation with its votes",
        "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ],
        "responses": { "200": { "description": "The escalation" }, "404": { "description": "No such escalation" } }
      }
    },
    "/v1/escalations/{id}/withdraw": {
      "post": {
        "summary": "Withdraw a pending escalation (its channels are told); needs a bearer token from api.tokens",
        "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ],
        "requestBody": { "content": { "application/json": { "schema": { "type": "object", "properties": { "by": { "type": "string" }, "reason": { "type": "string" } } } } } },
        "responses": { "200": { "description": "The escalation, withdrawn" }, "401": { "description": "Missing or wrong bearer token" }, "403": { "description": "api.tokens is not set: changes are refused" }, "404": { "description": "No such escalation" }, "409": { "description": "No longer pending" } }
      }
    },
    "/v1/threads": {
      "get": {
        "summary": "Threads, most recently active first, with their state and owner",
        "parameters": [ { "name": "state", "in": "query", "schema": { "type": "string", "enum": ["open", "claimed", "acknowledged", "resolved"] } } ],
        "responses": { "200": { "description": "`{threads: [{id, key, state, owner, claimed_at, mention_count, last_mention_at}]}`" } }
      }
    },
    "/v1/threads/{id}/claim": { "post": { "summary": "Claim a thread (collision guard)", "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } } ], "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "properties": { "responder": { "type": "string" }, "note": { "type": "string" } }, "required": ["responder"] } } } }, "responses": { "200": { "description": "The thread" }, "401": { "description": "Missing or wrong bearer token" }, "403": { "description": "api.tokens is not set" }, "404": { "description": "No such thread" }, "409": { "description": "Someone else owns the thread: the message names them" } } } },
    "/v1/threads/{id}/acknowledge": { "post": { "summary": "Acknowledge a thread (stops its page)", "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } } ], "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "properties": { "responder": { "type": "string" }, "note": { "type": "string" } }, "required": ["responder"] } } } }, "responses": { "200": { "description": "The thread" }, "401": { "description": "Missing or wrong bearer token" }, "403": { "description": "api.tokens is not set" }, "404": { "description": "No such thread" }, "409": { "description": "Someone else owns the thread: the message names them" } } } },
    "/v1/threads/{id}/resolve": { "post": { "summary": "Resolve a thread", "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } } ], "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "properties": { "responder": { "type": "string" }, "note": { "type": "string" } }, "required": ["responder"] } } } }, "responses": { "200": { "description": "The thread" }, "401": { "description": "Missing or wrong bearer token" }, "403": { "description": "api.tokens is not set" }, "404": { "description": "No such thread" }, "409": { "description": "Someone else owns the thread: the message names them" } } } },
    "/pages/{token}": {
      "get": { "summary": "Acknowledge a page by signed link (HTML)", "parameters": [ { "name": "token", "in": "path", "required": true, "schema": { "type": "string" } } ], "responses": { "200": { "description": "The page" }, "403": { "description": "Invalid link" } } },
      "post": { "summary": "Acknowledge (CSRF-checked form post): paging stops", "parameters": [ { "name": "token", "in": "path", "required": true, "schema": { "type": "string" } } ], "responses": { "200": { "description": "Acknowledged" }, "403": { "description": "CSRF check failed" }, "409": { "description": "Already acknowledged" } } }
    },
    "/dashboard/login": {"get": {"summary": "The dashboard sign-in page (HTML; sets a sign-in CSRF cookie). HTML; needs a signed-in session (or a dashboard bearer token); forms need the session's CSRF value.", "responses": {"200": {"description": "HTML"}, "303": {"description": "Redirect (to sign-in when not signed in)"}, "401": {"description": "Not signed in"}, "403": {"description": "CSRF check failed"}}}, "post": {"summary": "Sign in (form: csrf, user, password); sets the session cookie. HTML; needs a signed-in session (or a dashboard bearer token); forms need the session's CSRF value.", "responses": {"200": {"description": "HTML"}, "303": {"description": "Redirect (to sign-in when not signed in)"}, "401": {"description": "Not signed in"}, "403": {"description": "CSRF check failed"}}}},
    "/dashboard/logout": {"post": {"summary": "Sign out (form with the session's CSRF value). HTML; needs a signed-in session (or a dashboard bearer token); forms need the session's CSRF value.", "responses": {"200": {"description": "HTML"}, "303": {"description": "Redirect (to sign-in when not signed in)"}, "401": {"description": "Not signed in"}, "403": {"description": "CSRF check failed"}}}},
    "/dashboard": {"get": {"summary": "The inbox: newest mentions with filters (priority, classification, flag, state, owner) and the hourly unsupportive chart. HTML; needs a signed-in session (or a dashboard bearer token); forms need the session's CSRF value.", "responses": {"200": {"description": "HTML"}, "303": {"description": "Redirect (to sign-in when not signed in)"}, "401": {"description": "Not signed in"}, "403": {"description": "CSRF check failed"}}}},
    "/dashboard/mentions/{id}": {"get": {"summary": "A mention: classification, evidence, flags, AE clock, suggestions, approval trail, thread actions. HTML; needs a signed-in session (or a dashboard bearer token); forms need the session's CSRF value.", "responses": {"200": {"description": "HTML"}, "303": {"description": "Redirect (to sign-in when not signed in)"}, "401": {"description": "Not signed in"}, "403": {"description": "CSRF check failed"}}, "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}]}},
    "/dashboard/threads/{id}/{action}": {"post": {"summary": "Claim, acknowledge or resolve a thread (action = claim|acknowledge|resolve; collision guard). HTML; needs a signed-in session (or a dashboard bearer token); forms need the session's CSRF value.", "responses": {"200": {"description": "HTML"}, "303": {"description": "Redirect (to sign-in when not signed in)"}, "401": {"description": "Not signed in"}, "403": {"description": "CSRF check failed"}}, "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "action", "in": "path", "required": true, "schema": {"type": "string"}}]}},
    "/dashboard/approvals": {"get": {"summary": "Escalations waiting for approval. HTML; needs a signed-in session (or a dashboard bearer token); forms need the session's CSRF value.", "responses": {"200": {"description": "HTML"}, "303": {"description": "Redirect (to sign-in when not signed in)"}, "401": {"description": "Not signed in"}, "403": {"description": "CSRF check failed"}}}},
    "/dashboard/oncall": {"get": {"summary": "Who is on call, and pages with an acknowledge button. HTML; needs a signed-in session (or a dashboard bearer token); forms need the session's CSRF value.", "responses": {"200": {"description": "HTML"}, "303": {"description": "Redirect (to sign-in when not signed in)"}, "401": {"description": "Not signed in"}, "403": {"description": "CSRF check failed"}}}},
    "/dashboard/pages/{id}/acknowledge": {"post": {"summary": "Acknowledge a page (stops paging). HTML; needs a signed-in session (or a dashboard bearer token); forms need the session's CSRF value.", "responses": {"200": {"description": "HTML"}, "303": {"description": "Redirect (to sign-in when not signed in)"}, "401": {"description": "Not signed in"}, "403": {"description": "CSRF check failed"}}, "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}]}},
    "/dashboard/outbox": {"get": {"summary": "Outbox messages and dead letters. HTML; needs a signed-in session (or a dashboard bearer token); forms need the session's CSRF value.", "responses": {"200": {"description": "HTML"}, "303": {"description": "Redirect (to sign-in when not signed in)"}, "401": {"description": "Not signed in"}, "403": {"description": "CSRF check failed"}}}},
    "/dashboard/outbox/{id}/retry": {"post": {"summary": "Send a dead letter again. HTML; needs a signed-in session (or a dashboard bearer token); forms need the session's CSRF value.", "responses": {"200": {"description": "HTML"}, "303": {"description": "Redirect (to sign-in when not signed in)"}, "401": {"description": "Not signed in"}, "403": {"description": "CSRF check failed"}}, "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}]}},
    "/dashboard/audit": {"get": {"summary": "The audit log. HTML; needs a signed-in session (or a dashboard bearer token); forms need the session's CSRF value.", "responses": {"200": {"description": "HTML"}, "303": {"description": "Redirect (to sign-in when not signed in)"}, "401": {"description": "Not signed in"}, "403": {"description": "CSRF check failed"}}}},
    "/healthz": {
      "get": {
        "summary": "Liveness",
        "responses": {
          "200": {
            "description": "The process answers."
          }
        }
      }
    },
    "/readyz": {
      "get": {
        "summary": "Readiness (database reachable)",
        "responses": {
          "200": {
            "description": "Ready."
          },
          "503": {
            "description": "The request was refused; `error.field` names the offending field.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "summary": "Prometheus metrics",
        "responses": {
          "200": {
            "description": "Text exposition format 0.0.4.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "summary": "This document",
        "responses": {
          "200": {
            "description": "OpenAPI 3.1."
          }
        }
      }
    }
  },
  "components": {
    "schemas": {
      "MentionInput": {
        "type": "object",
        "required": [
          "id",
          "source",
          "text"
        ],
        "properties": {
          "id": {
            "type": [
              "string",
              "integer"
            ],
            "description": "The source's id of the post; (source, id) is the idempotency key."
          },
          "source": {
            "type": "string",
            "pattern": "^[a-z0-9._-]{1,64}$"
          },
          "text": {
            "type": "string",
            "minLength": 1
          },
          "url": {
            "type": "string",
            "format": "uri"
          },
          "language": {
            "type": "string"
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "author": {
            "type": "object",
            "properties": {
              "handle": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "bio": {
                "type": "string"
              },
              "followers": {
                "type": "integer",
                "minimum": 0
              },
              "verified": {
                "type": "boolean"
              }
            }
          },
          "thread_id": {
            "type": [
              "string",
              "integer",
              "null"
            ]
          },
          "in_reply_to": {
            "type": [
              "string",
              "integer",
              "null"
            ]
          },
          "brand": {
            "type": "string"
          },
          "metrics": {
            "type": "object",
            "properties": {
              "likes": {
                "type": "integer",
                "minimum": 0
              },
              "shares": {
                "type": "integer",
                "minimum": 0
              },
              "replies": {
                "type": "integer",
                "minimum": 0
              }
            }
          }
        }
      },
      "MentionBatch": {
        "type": "object",
        "required": [
          "mentions"
        ],
        "properties": {
          "mentions": {
            "type": "array",
            "minItems": 1,
            "maxItems": 500,
            "items": {
              "$ref": "#/components/schemas/MentionInput"
            }
          }
        }
      },
      "Accepted": {
        "type": "object",
        "properties": {
          "accepted": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "id": {
                  "type": "string"
                },
                "external_id": {
                  "type": "string"
                },
                "duplicate": {
                  "type": "boolean"
                }
              }
            }
          }
        }
      },
      "Mention": {
        "type": "object",
        "properties": {
          "id": {
            "type": "string"
          },
          "external_id": {
            "type": "string"
          },
          "source": {
            "type": "string"
          },
          "text": {
            "type": "string"
          },
          "url": {
            "type": "string"
          },
          "language": {
            "type": "string"
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "received_at": {
            "type": "string",
            "format": "date-time"
          },
          "author": {
            "type": "object"
          },
          "thread_id": {
            "type": "string"
          },
          "in_reply_to": {
            "type": "string"
          },
          "thread": {
            "type": "string",
            "description": "Conversation key assigned by the pipeline."
          },
          "riposte_thread_id": {
            "type": "integer",
            "description": "Riposte's id of the thread, as /v1/threads/{id} takes it (once processed)."
          },
          "brand": {
            "type": "string"
          },
          "metrics": {
            "type": "object"
          },
          "processing": {
            "type": "object",
            "properties": {
              "status": {
                "type": "string"
              },
              "attempts": {
                "type": "integer"
              },
              "processed_at": {
                "type": "string"
              },
              "last_error": {
                "type": "string"
              }
            }
          },
          "classification": {
            "type": "object",
            "description": "Present once the pipeline classified the mention.",
            "properties": {
              "sentiment": {
                "type": "object",
                "description": "label (supportive | neutral | unsupportive), confidence, probabilities, language, evidence [{text, kind, weight}]."
              },
              "model_version": {
                "type": "string"
              },
              "risk": {
                "type": "object",
                "description": "flags [{kind, evidence, detail}], adverse_event (the four GVP elements with evidence, serious), author {type, evidence, influential}."
              },
              "priority": {
                "type": "string",
                "enum": [
                  "P1",
                  "P2",
                  "P3",
                  "P4"
                ]
              },
              "priority_rule": {
                "type": "string"
              }
            }
          }
        }
      },
      "MentionList": {
        "type": "object",
        "properties": {
          "mentions": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Mention"
            }
          },
          "next_cursor": {
            "type": "string"
          }
        }
      },
      "Error": {
        "type": "object",
        "properties": {
          "error": {
            "type": "object",
            "required": [
              "code",
              "message"
            ],
            "properties": {
              "code": {
                "type": "string"
              },
              "message": {
                "type": "string"
              },
              "field": {
                "type": "string"
              }
            }
          }
        }
      }
    }
  }
}
"""#
}
