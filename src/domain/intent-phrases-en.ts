/**
 * English phrases behind each intent (intent-phrases.ts joins the languages), over folded words
 * ("what's" is "whats", "I'd" is "id"). Written as families — a verb, who it is for, what is sent —
 * so DM shorthand ("u", "ur", "pls", "hmu", "lmk") and the usual typos read like the full words.
 * Literal alternatives and optional single words only: linear.
 */
export const EN = {
  question: `
  how (?:much|mutch|mcuh|mch|muc); hw much; howmuch; how many
  (?:whats|wats|wots|what is|wat is|whts) (?:the |ur |your )?(?:price|cost|catch|deal|link|pricing|damage|rate|fee)
  what (?:does it|do you|do u|would it|will it) (?:cost|charge); what do (?:you|u) charge; price for
  (?:lemme|let me|lmk|tell me|let us) (?:know )?(?:the |ur |your )?(?:price|prices|cost|pricing|rates|how much)
  (?:the )?(?:price|pricing|prices|cost) (?:pls|plz|please|tho)
  (?:u|you|ya|yall) (?:got|have) (?:a|the|any) (?:link|website|site|discount|code|guide|sample)
  (?:is there|have u|have you|any) (?:a )?(?:link|discount|code|trial|free version|refund)
  wdym; what do (?:you|u) mean; quick question; quick q; i have a question; i (?:was )?wonder(?:ing)? (?:if|how|what|whether|when)
  curious (?:if|how|what|whether|about the price); any chance
  `,
  notNow: `
  not (?:now|right now|rn|atm|yet|today|this week|this month|at the moment|at this time|the right time|a good time)
  maybe (?:later|next (?:week|month|time|year)|another time|down the road); later maybe; later tho
  (?:im |i am |i m )?(?:too |so |super |really |very |kinda |crazy )?(?:busy|swamped|slammed|buried)(?: (?:this week|this month|rn|right now|at the moment|atm|today|these days))?
  (?:crazy|hectic|busy|rough|wild|packed|insane|full|intense|mad) (?:week|month|few weeks|couple weeks|days)
  bad timing; bad time; (?:another|some other|a better) time; rain ?check; hold off
  next (?:week|month|year|quarter|monday|tuesday|wednesday|thursday|friday|weekend)
  (?:after|until|till|til|in|by) (?:my exams|exams|my finals|finals|my move|the move|my wedding|the deadline|the holidays|holidays|my launch|the launch|christmas|xmas|summer|new year|new years|the new year|the weekend|my trip|vacation|january|february|march|april|june|july|august|september|october|november|december|jan|feb|spring|the fall|q1|q2|q3|q4)
  (?:on|in) (?:vacation|vacay|holiday|holidays|leave); (?:traveling|travelling) (?:rn|atm|right now|this week|till|until)
  circle back; check back; (?:follow|check) up (?:later|next|in|after)
  (?:hit|ping|ask|message|msg|text|dm|hmu|remind|try|reach out to|hit me up) (?:me )?(?:again )?(?:later|next|in a|in a few|in a couple|after|in january|tomorrow|when)
  ttyl; talk (?:to you |to u |2 u )?(?:later|tomorrow|next week); (?:ill|i will|i ll) (?:text|dm|message|hit) (?:you|u)(?: up)? (?:later|tomorrow|next week)
  remind me; hmu (?:later|after|next|in|when|tomorrow)
  (?:give|gimme) (?:me )?(?:a|some|a few|a couple|a couple of|couple|few|a little) (?:more )?(?:days|weeks|months|time|bit|while)
  in a (?:few|couple|couple of) (?:weeks|months|days); in (?:a bit|a while|a month|two weeks|2 weeks)
  no time (?:right now|rn|atm|this week|at the moment); (?:cant|cannot|can t) (?:right now|rn|atm|this week|this month|today|at the moment)
  (?:ill|i will|let me|lemme|gotta|need to|i need to|i gotta) think(?: about it| on it| it over)?; (?:ill|i will) get back to (?:you|u)
  not ready; no budget (?:right now|rn|atm|yet); (?:ill|i will) let (?:you|u) know
  `,
  interested: `
  (?:im|i am|i m|very|super|def|definitely|really|kinda|so|totally) (?:interested|intrested|intersted|interessted|interestd)
  interested; intrested; interessted
  sounds (?:great|gr8|gud|gd|good|amazing|awesome|interesting|perfect|fun|cool|like a plan|dope|sick|legit)
  love (?:it|this|that|to); (?:i|id) (?:would )?love (?:it|that|to|one|a copy|the guide|the link)
  (?:send|drop|shoot|share|slide|pass|dm|forward|email) (?:me |us )?(?:it|that|this|them|em|over|the link|a link|ur link|your link|link|the guide|the info|info|the details|details|the deets|deets|more info|the pdf|the doc|the course|the template)
  send (?:me|it over|it through|it my way); (?:link|info|guide|deets|details) (?:pls|plz|please|me)
  yes (?:please|pls|plz|send|i want|id love); please do; count me in
  (?:im|i am|i m) (?:so |totally |def |definitely |100 |always )?(?:in(?= for| too| lol| haha|$)|down|keen|game)(?: for this| for it)?; (?:sign|hook|put) me up
  lets (?:do it|go|talk|chat|hop on a call|set it up|gooo); (?:i|id) (?:want|need) (?:it|this|in|that|one|the link|the guide)
  need this; need that; tell me more; (?:i want|id like|keen|would like) to (?:know|hear|learn) more
  where do i sign; (?:this is )?exactly what i (?:need|needed|was looking for); just what i needed
  (?:been|was) (?:looking|waiting) for (?:something like )?(?:this|that|it)
  `,
};
