/**
 * Spanish phrases behind each intent (intent-phrases.ts joins the languages), over folded words
 * (no accents: "cuánto" is "cuanto"), with the shorthand of DMs: "q"/"k" for "que", "xfa"/"porfa"
 * for "por favor", "finde", "prox". Literal alternatives and optional single words only: linear.
 */
export const ES = {
  question: `
  (?:cuanto|cuanta|cuant|cnto|qnto|cto|a cuanto) (?:cuesta|cuestan|sale|vale|valen|cobras|cobran|es|seria|esta|cuesta eso)
  (?:que|q|k|cual es el|cual el) (?:precio|costo|valor)(?: tiene| tienen)?; precio (?:porfa|xfa|por favor|pls)
  (?:tienes|tenes|hay|me pasas|me das) (?:algun |el |un )?(?:link|enlace|descuento|codigo)
  que quieres decir; como que; una pregunta; tengo una (?:duda|pregunta); una duda; (?:pregunta|duda) rapida
  `,
  notNow: `
  (?:ahora|ahorita|ahora mismo|por ahora|de momento|por el momento|esta semana|este mes|hoy) no
  (?:ahora|ahorita|ahora mismo|esta semana|este mes) no (?:puedo|me da|tengo tiempo)
  no puedo (?:ahora|ahorita|esta semana|este mes); todavia no; aun no
  (?:quizas|tal vez|quiza|capaz) (?:mas tarde|despues|luego|otro dia|en unos dias)
  mas tarde; otro (?:dia|momento); en otro momento
  (?:la |el )?(?:proxima semana|prox semana|semana que viene|semana q viene|mes que viene|mes q viene|proximo mes|ano que viene)
  despues de (?:las fiestas|fiestas|navidad|las vacaciones|vacaciones|verano|enero|ano nuevo)
  (?:dame|denme|deme) (?:unos|un par de|unas|una|un) (?:dias|semanas|semana|mes|meses|tiempo)
  en (?:unos|un par de|unas) (?:dias|semanas|meses); dentro de (?:unos|un par de|una|un) (?:dias|semanas|meses|semana|mes)
  (?:estoy |ando |toy )?(?:muy |super |re |bien )?(?:ocupad[oa]|liad[oa]|sin tiempo|de viaje|de vacaciones)
  (?:estoy|ando|toy|andamos|estamos) (?:a full|full|a tope|a mil|hasta arriba|tapad[oa] de trabajo|con mil cosas)
  no tengo tiempo; lo (?:voy a )?pienso; lo voy a pensar; (?:dejame|dejeme) (?:pensarlo|pensar)
  (?:te|les) (?:aviso|digo|escribo|confirmo|cuento) (?:despues|luego|mas tarde|manana|en unos dias|la semana|el mes)
  (?:en|despues de|a partir de|hasta) (?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|verano|ano nuevo)
  (?:manana|despues|luego|mas tarde|otro dia) (?:te|les) (?:digo|escribo|aviso|confirmo|cuento|hablo); (?:te|les) aviso
  (?:escribeme|hablame|hablamos|avisame|contactame|recuerdame) (?:mas tarde|luego|despues|la semana|el mes|otro dia|en|la proxima)
  `,
  interested: `
  me interesa; me interesan; estoy interesad[oa]; me (?:encanta|encantaria|apunto|anoto|sumo|late)
  suena (?:genial|bien|interesante|increible|perfecto|brutal)
  (?:mandamelo|enviamelo|pasamelo|mandame|enviame|pasame|pasalo|mandalo)
  (?:pasa|manda|envia|comparte|tira|mandame|pasame|enviame) (?:el |la |los |las )?(?:link|enlace|info|informacion|guia|detalles)
  (?:info|link|enlace|mas info|informacion) (?:porfa|xfa|x fa|por favor|porfavor|pls|plis|please)
  si (?:por favor|porfa|porfavor|xfa|claro|quiero|me interesa); claro que si; cuenta conmigo; (?:lo|la) quiero
  (?:yo )?quiero (?:saber mas|mas info|info|el|la|uno|una|el link|la guia); (?:lo|la) necesito; me lo pasas
  `,
};
