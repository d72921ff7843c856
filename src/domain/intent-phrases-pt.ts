/**
 * Portuguese phrases behind each intent (intent-phrases.ts joins the languages), over folded words
 * (no accents: "não" is "nao", "tô" is "to"), with the shorthand of DMs: "vc", "q", "qnto"/"qto",
 * "pfv"/"pf", "tb", "mt". Literal alternatives and optional single words only: linear.
 */
export const PT = {
  question: `
  (?:quanto|qnto|qto|qnt|qt|quant) (?:custa|custam|sai|e|eh|fica|cobra|cobram|seria|ta|esta|q|que|e o|vale)
  qual (?:o |e o |eh o |q e o |seria o )?(?:valor|preco|investimento); (?:o |e o )?valor (?:pfv|pf|por favor)
  (?:vc|voce|vcs|voces) (?:tem|teria|pode|manda|faz|cobra); tem (?:link|desconto|cupom)
  como assim; uma pergunta; tenho uma (?:duvida|pergunta); uma duvida; (?:pergunta|duvida) rapida
  `,
  notNow: `
  (?:agora|por enquanto|no momento|essa semana|esse mes|hoje) nao; ainda nao
  (?:agora|essa semana|esse mes) nao (?:da|posso|consigo); nao (?:da|posso|consigo) (?:agora|essa semana|esse mes)
  talvez (?:depois|mais tarde|outro dia|mais pra frente); mais tarde; outro dia; outra hora
  mais (?:pra|para) frente; (?:semana|mes|ano) (?:que vem|q vem); proxim[ao] (?:semana|mes|ano)
  (?:em|depois de|a partir de|so em) (?:janeiro|fevereiro|marco|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro)
  depois (?:das festas|do natal|das ferias|do carnaval|do ano novo|de janeiro)
  (?:me )?(?:da|de) (?:uns|umas|alguns|algumas|um|uma) (?:dias|semanas|semana|tempo|mes)
  daqui (?:a )?(?:uns|umas|alguns|algumas|um|uma) (?:dias|semanas|meses|mes|semana)
  (?:to|tou|estou|ando|tamo|estamos) (?:muito |mt |mto |meio |bem )?(?:ocupad[oa]|corrid[oa]|na correria|sem tempo|viajando|de ferias|enrolad[oa]|atolad[oa]|lotad[oa]|apertad[oa])
  sem tempo; nao tenho tempo; vou pensar; (?:deixa|deixe) eu pensar
  (?:me )?(?:chama|chame|procura|fala comigo|manda msg|lembra) (?:semana|mes|depois|mais tarde|outro dia|la pra|daqui|no mes|na semana|ano)
  te (?:falo|aviso|chamo|respondo|retorno) (?:depois|amanha|mais tarde); (?:depois|amanha|mais tarde) (?:te |eu te )?(?:falo|aviso|chamo|respondo|vejo|retorno)
  `,
  interested: `
  tenho interesse; estou interessad[oa]; (?:me )?interessa; (?:adorei|amei); curti muito
  (?:me )?(?:manda|mande|envia|envie)(?: sim| ai| pra mim| o link| link| a info| as infos| o material| o guia| os detalhes)?
  (?:me )?(?:passa|passe) (?:ai|pra mim|o link|link|a info|as infos|o material|o guia|os detalhes)
  (?:o )?(?:link|material|guia|info) (?:pfv|pf|por favor|pls|plis); pode mandar; pode (?:me )?passar; sim por favor
  (?:eu )?quero(?: sim| saber mais| muito| o link| o guia| info)?; eu tb quero; (?:eu )?tambem quero
  (?:to|tou|estou|tamo) dentro; parece (?:otimo|incrivel|bom|interessante|top); bora
  `,
};
