/**
 * German phrases behind each intent (intent-phrases.ts joins the languages), over folded words
 * (no umlauts: "später" is "spater", "für" "fur"), with the clipped forms of DMs: "grad", "hab",
 * "schick mal", "meld dich". Literal alternatives and optional single words only: linear.
 */
export const DE = {
  question: `
  wie ?viel; wieviel; was kostet; was kosten; wie teuer; (?:was sind die|die) kosten
  was (?:nimmst|verlangst|willst|nehmt|verlangt) (?:du|ihr)(?: dafur| dafuer| so)?
  (?:was ist der|der) preis; preis bitte; (?:hast du|habt ihr|gibts) (?:nen |einen |den )?(?:link|rabatt|code)
  wie meinst du(?: das)?; eine frage; kurze frage; (?:hab|habe) (?:ne|eine) frage
  `,
  notNow: `
  (?:gerade|grad|grade|jetzt|im moment|momentan|derzeit|aktuell|diese woche|heute) (?:noch |echt |leider )?nicht
  nicht (?:jetzt|gerade|grad|diese woche); noch nicht; ein andermal
  vielleicht (?:spater|nachste woche|ein andermal|nachsten monat); spater
  (?:nachste|nachsten|kommende|kommenden) (?:woche|monat|jahr); nach (?:den feiertagen|weihnachten|dem urlaub|urlaub|ostern|neujahr|dem launch|silvester)
  (?:gib|gebt) (?:mir|uns) (?:noch )?(?:ein paar|paar|zwei|2|eine|einen|etwas) (?:tage|wochen|woche|monat|monate|zeit)
  in (?:ein paar|zwei|2|drei|einigen|paar) (?:tagen|wochen|monaten); keine zeit; (?:zu )?viel zu tun
  (?:bin )?(?:gerade |grad |grade |total |voll |echt )?(?:beschaftigt|im stress|im urlaub|unterwegs|ausgelastet|eingespannt|busy)
  (?:passt|geht) (?:gerade|grad|grade|jetzt|diese woche) (?:nicht|schlecht); (?:gerade|grad) schlecht
  ich (?:uberlege|denk|denke|uberleg) (?:es mir|mal|daruber nach|nochmal); ich melde mich; ich (?:sag|sage) (?:dir |euch )?bescheid; (?:sag|schreib) (?:dir |ich dir )?(?:morgen|spater)(?: bescheid)?
  (?:im|ab|nach|bis|anfang|ende) (?:januar|februar|marz|april|mai|juni|juli|august|september|oktober|november|dezember|fruhling|sommer|herbst|neuen jahr)
  (?:meld|melde) (?:dich|mich) (?:nochmal |gerne |einfach )?(?:spater|nachste|nachsten|in|nach|bald|wieder)
  (?:frag|schreib) (?:mich|mir) (?:nochmal |gerne )?(?:spater|nachste|nachsten|in|nach)
  `,
  interested: `
  (?:ich )?bin (?:voll |total |sofort |gern )?(?:dabei|am start|interessiert); interessiert mich
  (?:ich )?(?:habe|hab|hatte) interesse; sehr interessiert
  klingt (?:gut|super|spannend|toll|interessant|perfekt|mega|geil|cool)
  schick(?: mal| mir| es mir| gerne| ruber); (?:schick|sende|send)(?: mir)?(?: mal)?(?: den| die| das)? (?:link|infos|info|guide|details)
  (?:link|infos|info) (?:bitte|pls|gerne); ja (?:bitte|gerne|gern|klar|unbedingt); sehr gerne; auf jeden fall
  (?:immer )?her damit; her mit (?:dem|den|der) (?:link|infos|info|guide|details); (?:will|brauch|nehm) ich; ich (?:will|brauche|brauch|nehme|nehm) (?:das|es|den link|mehr infos)
  gerne mehr (?:infos|info|details); mehr infos (?:bitte|gerne)
  `,
};
