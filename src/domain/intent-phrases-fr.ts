/**
 * French phrases behind each intent (intent-phrases.ts joins the languages), over folded words
 * (no accents or apostrophes: "ça m'intéresse" is "ca minteresse"), with the shorthand of DMs:
 * "cb" for "combien", "stp"/"svp", "pro" for "prochaine", "dispo". Literal alternatives and
 * optional single words only: linear.
 */
export const FR = {
  question: `
  combien; cb (?:ca coute|ca coute|cest|pour); (?:ca coute|cest|ca fait|ca revient a) (?:combien|cb)
  (?:quel est le|quel|cest quoi le|cest quoi les|quels sont les|c quoi le) (?:prix|tarif|tarifs|cout)
  (?:le )?(?:prix|tarif) (?:stp|svp|please); (?:tu as|vous avez|t as|ta) (?:un |le )?(?:lien|code|site)
  (?:ca marche|ca fonctionne|ca se passe|on fait|je fais) comment; cest a dire; une question; petite question; (?:jai|j ai) une question
  `,
  notNow: `
  pas (?:maintenant|pour linstant|pour le moment|encore|tout de suite|en ce moment|cette semaine|ce mois ci|dispo)
  (?:peut etre )?plus tard; une autre fois; (?:la )?semaine (?:prochaine|pro); (?:le )?mois (?:prochain|pro)
  (?:dans|d ici|dici) (?:un mois|une semaine|quelques jours|quelques semaines|quelques mois|deux semaines|15 jours|quinze jours|2 semaines)
  (?:donne|laisse|donnez|laissez) moi (?:quelques|deux|2|une|un peu de|du) (?:jours|semaines|semaine|temps)
  apres (?:les fetes|les vacances|noel|lete|la rentree|le nouvel an|janvier); a la rentree
  (?:je suis |suis |chuis )?(?:trop |tres |super |hyper |grave )?(?:occupee?|debordee?|charrette|sous leau|overbookee?|en vacances|en deplacement|pas dispo)
  pas le temps; (?:cest )?pas le moment; (?:je vais|laisse moi|faut que je) (?:y )?reflechir
  je (?:te|vous) (?:dis|confirme|ecris) (?:demain|plus tard|ca demain|bientot|la semaine prochaine)
  (?:en|apres|a partir de|dici) (?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)
  je (?:te|vous) (?:redis|recontacte|tiens au courant); je reviens vers (?:toi|vous)
  on (?:en )?(?:reparle|rediscute|se reparle|se recontacte|se rappelle|se capte|voit ca); (?:recontacte|reecris|relance)(?: z)? moi
  `,
  interested: `
  (?:ca|sa|cela) (?:minteresse|m interesse|minterresse|minteresse grave|minteresse bcp)
  je suis (?:interessee?|partante?|chaud|chaude|dedans|grave chaud|trop chaud|hyper interessee?); interessee?
  (?:grave|trop|hyper|super|tellement) (?:chaud|chaude|partant|partante|interessee?); chaud (?:pour|partant); avec plaisir
  oui (?:stp|svp|sil te plait|sil vous plait|je veux|carrement|volontiers|grave|avec plaisir)
  (?:envoie|envoi|envoies|envoyez|balance|file|passe|partage)(?: moi| nous)?(?: le| la| les| ca)? (?:lien|guide|infos|info|details|doc)
  envoie(?: moi| le| la| ca)?; envoyez(?: moi| le)?; (?:le )?(?:lien|infos|info) (?:stp|svp|please|pls)
  je veux (?:bien|le lien|le guide|en savoir plus|plus dinfos|plus dinfo|ca); ca me dit; jadore; (?:ca a|ca|a|ca a l|ca l) (?:lair|air) (?:cool|top|genial|interessant|super|bien|trop bien|sympa|chouette|ouf); trop bien; je prends
  `,
};
